import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromEpochDay, isoWeekday, toEpochDay } from '../dates.ts';
import { DomainError } from '../errors.ts';
import { NOTICE_2027 } from './fixture-2027.testing.ts';
import {
  CALENDAR_CORRECTIONS,
  type CalendarYearData,
  CalendarYearDataSchema,
  chineseDaysAlmanac,
  chineseDaysCalendarYears,
  createDefaultCalendar,
  statutoryHolidays,
  WorkingCalendar,
} from './index.ts';

const cal = createDefaultCalendar();

/** The shared 2027 test fixture (invented, not the official notice) with its statutory days written out. */
const FIXTURE_2027: CalendarYearData = {
  year: 2027,
  restDays: [...NOTICE_2027.restDays],
  makeupWorkdays: [...NOTICE_2027.makeupWorkdays],
  statutoryHolidays: [
    ...['01-01', '02-05', '02-06', '02-07', '02-08', '04-05', '05-01', '05-02'],
    ...['06-09', '09-15', '10-01', '10-02', '10-03'],
  ].map((d) => `2027-${d}`),
  source: NOTICE_2027.source,
};

/** The thrown DomainError of `fn` (fails the test when nothing or something else is thrown). */
function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

const FIRST = toEpochDay('2004-01-01');
const LAST = toEpochDay('2026-12-31');
const coveredDate = (from = FIRST, to = LAST) => fc.integer({ min: from, max: to }).map(fromEpochDay);

describe('WorkingCalendar (bundled chinese-days data)', () => {
  it('covers 2004–2026', () => {
    expect(cal.coveredYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(createDefaultCalendar()).toBe(cal);
  });

  it.each([
    ['2024-02-04', 'makeup_workday'],
    ['2024-10-01', 'statutory_holiday'],
    ['2024-10-05', 'rest_day'],
    ['2025-01-26', 'makeup_workday'],
    ['2024-02-09', 'workday'], // 除夕 2024 was a working day (only 初一–初三 were statutory, 10–17 Feb off)
    ['2024-02-10', 'statutory_holiday'], // 初一, a Saturday
    ['2024-02-15', 'rest_day'],
    ['2024-03-02', 'weekend'],
    ['2024-03-04', 'workday'],
    ['2025-01-28', 'statutory_holiday'], // 除夕 is statutory from 2025
    ['2026-02-16', 'statutory_holiday'], // 除夕 2026 = 腊月廿九
    ['2015-09-03', 'rest_day'], // 抗战胜利70周年纪念日: a one-off day off, not in the 办法
    ['2020-10-04', 'statutory_holiday'], // 中秋 fell on 10-01 and moved
  ])('%s is %s', (date, kind) => {
    expect(cal.dayKind(date)).toBe(kind);
    expect(cal.isWorkday(date)).toBe(kind === 'workday' || kind === 'makeup_workday');
    expect(cal.isStatutoryHoliday(date)).toBe(kind === 'statutory_holiday');
  });

  it('counts statutory days: 2004–2007 → 10, 2008–2024 → 11, 2025–2026 → 13', () => {
    for (const y of cal.coveredYears()) {
      expect(cal.statutoryHolidayCount(y), String(y)).toBe(y <= 2007 ? 10 : y <= 2024 ? 11 : 13);
    }
  });

  it('carries a source citing chinese-days and the State Council notice for each year', () => {
    for (const y of cal.coveredYears()) {
      const { source } = cal.yearData(y);
      expect(source).toContain('chinese-days@1.5.7');
      expect(source).toContain(`国务院办公厅关于${y}年部分节假日安排的通知`);
      expect(source).toContain('国务院令第');
    }
    expect(cal.yearData(2025).source).toContain('国办发明电〔2024〕12号');
  });

  it.each([
    // 调休 workdays from the domain reference §5 (checked there against the State Council notices).
    [2023, '1/28六 1/29日 4/23日 5/6六 6/25日 10/7六 10/8日'],
    [2024, '2/4日 2/18日 4/7日 4/28日 5/11六 9/14六 9/29日 10/12六'],
    [2025, '1/26日 2/8六 4/27日 9/28日 10/11六'],
    [2026, '1/4日 2/14六 2/28六 5/9六 9/20日 10/10六'],
  ])('makeup workdays of %i are exactly %s', (year, list) => {
    const expected = list.split(' ').map((item) => {
      const [, m, d, w] = /^(\d+)\/(\d+)([六日])$/.exec(item)!;
      const date = `${year}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
      expect(isoWeekday(date), date).toBe(w === '六' ? 6 : 7);
      return date;
    });
    expect(cal.yearData(year).makeupWorkdays).toEqual(expected);
    for (const date of expected) expect(cal.dayKind(date)).toBe('makeup_workday');
  });
});

describe('addWorkingDays / countWorkingDays / nextWorkday', () => {
  it('crosses the 2024 Spring Festival: the day after 除夕 (a workday) is 2024-02-18, a Sunday makeup workday', () => {
    expect(cal.addWorkingDays('2024-02-08', 1)).toBe('2024-02-09');
    expect(cal.addWorkingDays('2024-02-08', 2)).toBe('2024-02-18');
    expect(cal.addWorkingDays('2024-02-09', 1)).toBe('2024-02-18');
    expect(cal.addWorkingDays('2024-02-12', 1)).toBe('2024-02-18');
    expect(isoWeekday('2024-02-18')).toBe(7);
    expect(cal.countWorkingDays('2024-02-09', '2024-02-18')).toBe(1);
  });

  it('crosses 2024 国庆: one working day after 2024-09-30 is 2024-10-08', () => {
    expect(cal.addWorkingDays('2024-09-30', 1)).toBe('2024-10-08');
    expect(cal.nextWorkday('2024-09-30')).toBe('2024-10-08');
    expect(cal.countWorkingDays('2024-09-30', '2024-10-08')).toBe(1);
  });

  it('n = 0 returns the date when it is a workday, else the next workday', () => {
    expect(cal.addWorkingDays('2024-09-30', 0)).toBe('2024-09-30');
    expect(cal.addWorkingDays('2024-10-01', 0)).toBe('2024-10-08');
    expect(cal.addWorkingDays('2024-02-04', 0)).toBe('2024-02-04'); // a Sunday makeup workday
  });

  it('nextWorkday is strictly after the date', () => {
    expect(cal.nextWorkday('2024-03-04')).toBe('2024-03-05');
    expect(cal.nextWorkday('2024-03-08')).toBe('2024-03-11');
  });

  it('counts the half-open interval (from, to], negative when reversed', () => {
    expect(cal.countWorkingDays('2024-03-04', '2024-03-04')).toBe(0);
    expect(cal.countWorkingDays('2024-03-04', '2024-03-08')).toBe(4);
    expect(cal.countWorkingDays('2024-03-08', '2024-03-04')).toBe(-4);
    expect(cal.countWorkingDays('2024-09-30', '2024-10-07')).toBe(0);
    expect(cal.countWorkingDays('2023-12-31', '2024-12-31')).toBe(
      366 - cal.yearData(2024).restDays.filter((d) => isoWeekday(d) < 6).length - 104 + 8,
    );
  });

  it('spans many years in one step', () => {
    const first = cal.addWorkingDays('2004-01-01', 0);
    expect(first).toBe('2004-01-02');
    const total = cal.countWorkingDays(first, '2026-12-31');
    expect(total).toBeGreaterThan(5500);
    expect(cal.isWorkday('2026-12-31')).toBe(true);
    expect(cal.addWorkingDays(first, total)).toBe('2026-12-31');
    // Past the notices, the answer is estimated (and says so) up to the horizon, then refused.
    expect(cal.addWorkingDays(first, total + 1)).toBe('2027-01-04');
    expect(cal.provisionalYearsBetween(first, '2027-01-04')).toEqual([2027]);
    expect(domainErrorOf(() => cal.addWorkingDays('2029-12-20', 30)).details.year).toBe(2030);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects n = %s', (n) => {
    expect(domainErrorOf(() => cal.addWorkingDays('2024-03-04', n)).code).toBe('CALENDAR_ARGUMENT_INVALID');
  });

  it('rejects malformed dates with DATE_INVALID', () => {
    expect(domainErrorOf(() => cal.dayKind('2024-02-30')).code).toBe('DATE_INVALID');
    expect(domainErrorOf(() => cal.countWorkingDays('2024-1-1', '2024-01-05')).code).toBe('DATE_INVALID');
  });
});

describe('coverage', () => {
  it('answers 2027 as an estimate until an administrator loads it, then from the notice', () => {
    expect(cal.coveredYears().at(-1)).toBe(2026);
    expect(cal.provisionalYears()).toEqual([2027, 2028, 2029]);
    expect(cal.isProvisional(2027)).toBe(true);
    expect(cal.isProvisional(2026)).toBe(false);
    expect(cal.dayKind('2027-01-01')).toBe('statutory_holiday');
    // The estimate has no 调休: 2027-02-20 (a Saturday the fixture works) is a weekend.
    expect(cal.dayKind('2027-02-20')).toBe('weekend');
    expect(cal.yearData(2027).source).toContain('预计');

    const next = cal.withYear(FIXTURE_2027);
    expect(next.coveredYears()).toEqual([...cal.coveredYears(), 2027]);
    expect(next.provisionalYears()).toEqual([2028, 2029, 2030]);
    expect(next.isProvisional(2027)).toBe(false);
    expect(next.dayKind('2027-01-01')).toBe('statutory_holiday');
    expect(next.dayKind('2027-02-20')).toBe('makeup_workday');
    expect(next.statutoryHolidayCount(2027)).toBe(13);
    expect(next.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(next.countWorkingDays('2026-12-31', '2027-01-04')).toBe(1);
    // The original calendar is unchanged.
    expect(cal.isProvisional(2027)).toBe(true);
    expect(cal.dayKind('2027-02-20')).toBe('weekend');
  });

  it('the 2027 fixture follows 国务院令第798号 as computed', () => {
    expect(FIXTURE_2027.statutoryHolidays).toEqual(statutoryHolidays(2027, chineseDaysAlmanac));
  });

  it('withYear replaces an existing year', () => {
    const data = { ...cal.yearData(2024), makeupWorkdays: [], source: 'TEST FIXTURE' };
    const replaced = cal.withYear(data);
    expect(replaced.dayKind('2024-02-04')).toBe('weekend');
    expect(replaced.yearData(2024).source).toBe('TEST FIXTURE');
    expect(cal.dayKind('2024-02-04')).toBe('makeup_workday');
  });

  it('every question that touches an uncovered year throws, naming that year', () => {
    const strict = new WorkingCalendar(chineseDaysCalendarYears());
    expect(strict.provisionalYears()).toEqual([]);
    const yearOf = (fn: () => unknown) => domainErrorOf(fn).details.year;
    expect(yearOf(() => cal.isWorkday('2003-12-31'))).toBe(2003);
    expect(yearOf(() => cal.isStatutoryHoliday('2030-10-01'))).toBe(2030);
    expect(yearOf(() => strict.statutoryHolidayCount(2027))).toBe(2027);
    expect(yearOf(() => strict.addWorkingDays('2026-12-30', 5))).toBe(2027);
    expect(yearOf(() => strict.nextWorkday('2026-12-31'))).toBe(2027);
    expect(yearOf(() => cal.countWorkingDays('2003-12-31', '2004-01-05'))).toBe(2003);
    expect(yearOf(() => strict.countWorkingDays('2026-12-01', '2027-01-05'))).toBe(2027);
  });

  it('does not bridge a gap between covered years', () => {
    const gappy = new WorkingCalendar([cal.yearData(2024), cal.yearData(2026)]);
    expect(gappy.coveredYears()).toEqual([2024, 2026]);
    const err = domainErrorOf(() => gappy.countWorkingDays('2024-12-31', '2026-01-05'));
    expect(err.details).toEqual({ year: 2025, covered: [2024, 2026] });
    expect(err.message).toContain('2024 年、2026 年');
    expect(domainErrorOf(() => gappy.addWorkingDays('2024-12-20', 30)).details.year).toBe(2025);
    expect(domainErrorOf(() => gappy.dayKind('2025-06-01')).details.year).toBe(2025);
    expect(gappy.addWorkingDays('2026-01-01', 1)).toBe(cal.addWorkingDays('2026-01-01', 1));
  });

  it('an empty calendar covers nothing', () => {
    const empty = new WorkingCalendar([]);
    expect(empty.coveredYears()).toEqual([]);
    const err = domainErrorOf(() => empty.addWorkingDays('2024-01-01', 1));
    expect(err.code).toBe('CALENDAR_YEAR_NOT_COVERED');
    expect(err.message).toContain('已收录：无');
  });
});

describe('validation', () => {
  it('lists every problem of an invalid year', () => {
    const err = domainErrorOf(() =>
      cal.withYear({
        year: 2027,
        restDays: ['2027-02-30', '2026-12-31', '2027-10-09', '2027-05-03', '2027-05-03'],
        makeupWorkdays: ['2027-10-09', '2027-10-11'],
        statutoryHolidays: ['2027-10-08', '2027-10-09', '2027-10-10'],
        source: 'TEST FIXTURE',
      }),
    );
    expect(err.code).toBe('CALENDAR_YEAR_INVALID');
    expect(err.details.year).toBe(2027);
    expect(err.details.problems).toEqual([
      { path: 'restDays[0]', message: '日期不存在：2027-02-30' },
      { path: 'restDays[1]', message: '2026-12-31 不在 2027 年内' },
      { path: 'restDays[4]', message: '2027-05-03 重复出现' },
      { path: 'makeupWorkdays[0]', message: '2027-10-09 同时是休息日和调休上班日' },
      { path: 'makeupWorkdays[1]', message: '2027-10-11 不是周六或周日，不能作为调休上班日' },
      { path: 'statutoryHolidays[0]', message: '法定节假日 2027-10-08 既不在休息日中，也不是周末' },
      { path: 'statutoryHolidays[1]', message: '法定节假日 2027-10-09 不能是调休上班日' },
    ]);
  });

  it('reports shape errors', () => {
    const err = domainErrorOf(
      () =>
        new WorkingCalendar([
          { year: 27, restDays: ['tomorrow'], source: ' ' } as unknown as CalendarYearData,
        ]),
    );
    expect(err.code).toBe('CALENDAR_YEAR_INVALID');
    expect((err.details.problems as { path: string }[]).map((p) => p.path)).toEqual([
      'year',
      'restDays[0]',
      'makeupWorkdays',
      'statutoryHolidays',
      'source',
    ]);
  });

  it('refuses the same year twice', () => {
    const err = domainErrorOf(() => new WorkingCalendar([cal.yearData(2024), cal.yearData(2024)]));
    expect(err.code).toBe('CALENDAR_YEAR_INVALID');
  });

  it('accepts the bundled data and the fixture', () => {
    for (const y of chineseDaysCalendarYears())
      expect(CalendarYearDataSchema.safeParse(y).success).toBe(true);
    expect(CalendarYearDataSchema.safeParse(FIXTURE_2027).success).toBe(true);
  });

  it('is immutable', () => {
    expect(Object.isFrozen(cal)).toBe(true);
    const copy = cal.yearData(2024);
    copy.makeupWorkdays.length = 0;
    expect(cal.dayKind('2024-02-04')).toBe('makeup_workday');
    expect(cal.yearData(2024).makeupWorkdays).toHaveLength(8);
  });
});

describe('properties', () => {
  const workdayIn = (from: number, to: number) => coveredDate(from, to).map((d) => cal.addWorkingDays(d, 0));
  const EARLY = toEpochDay('2025-06-30');

  it('countWorkingDays(d, addWorkingDays(d, n)) === n for a workday d', () => {
    fc.assert(
      fc.property(workdayIn(FIRST, EARLY), fc.integer({ min: 0, max: 300 }), (d, n) => {
        expect(cal.isWorkday(d)).toBe(true);
        expect(cal.countWorkingDays(d, cal.addWorkingDays(d, n))).toBe(n);
      }),
    );
  });

  it('addWorkingDays lands on a workday after the date, matching a day-by-day walk', () => {
    const walk = (d: string, n: number) => {
      let day = d;
      if (n === 0 && cal.isWorkday(day)) return day;
      for (let left = Math.max(n, 1); left > 0; ) {
        day = addDays(day, 1);
        if (cal.isWorkday(day)) left--;
      }
      return day;
    };
    fc.assert(
      fc.property(coveredDate(FIRST, EARLY), fc.integer({ min: 0, max: 60 }), (d, n) => {
        const r = cal.addWorkingDays(d, n);
        expect(r).toBe(walk(d, n));
        expect(cal.isWorkday(r)).toBe(true);
        if (n > 0) expect(r > d).toBe(true);
      }),
    );
  });

  it('addWorkingDays is monotone in n and in the date', () => {
    fc.assert(
      fc.property(
        coveredDate(FIRST, EARLY),
        coveredDate(FIRST, EARLY),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        (a, b, m, n) => {
          const [d1, d2] = a <= b ? [a, b] : [b, a];
          const [n1, n2] = m <= n ? [m, n] : [n, m];
          expect(cal.addWorkingDays(d1, n1) <= cal.addWorkingDays(d1, n2)).toBe(true);
          expect(cal.addWorkingDays(d1, n1) <= cal.addWorkingDays(d2, n1)).toBe(true);
          // Strictly increasing, except that n = 0 and n = 1 agree when d1 is not a workday.
          if (n1 < n2 && (n1 > 0 || cal.isWorkday(d1))) {
            expect(cal.addWorkingDays(d1, n1) < cal.addWorkingDays(d1, n2)).toBe(true);
          }
        },
      ),
    );
  });

  it('countWorkingDays is additive and antisymmetric', () => {
    fc.assert(
      fc.property(coveredDate(), coveredDate(), coveredDate(), (a, b, c) => {
        expect(cal.countWorkingDays(a, b) + cal.countWorkingDays(b, c)).toBe(cal.countWorkingDays(a, c));
        expect(cal.countWorkingDays(b, a) + cal.countWorkingDays(a, b)).toBe(0);
      }),
    );
  });

  // chinese-days builds its own lookup tables at import time by parsing dates as UTC and formatting them with
  // local getters, so on a host west of UTC its query functions are a day off (its raw JSON, which the calendar
  // uses, is not). Compare only where the library is right: hosts at or east of UTC, as in production (UTC or
  // Asia/Shanghai). A local-midnight Date is read correctly there.
  const libraryReliable = new Date(Date.UTC(2024, 0, 1)).getDate() === 1;
  const libraryIsWorkday = (date: string) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return chineseDays.isWorkday(new Date(y, m - 1, d));
  };

  it.runIf(libraryReliable)('isWorkday agrees with chinese-days for random dates 2004–2026', () => {
    fc.assert(
      fc.property(coveredDate(), (d) => {
        const corrected = CALENDAR_CORRECTIONS.find((c) => c.date === d);
        expect(cal.isWorkday(d)).toBe(corrected ? corrected.kind === 'makeup_workday' : libraryIsWorkday(d));
      }),
      { numRuns: 2000 },
    );
  });

  it.runIf(libraryReliable)(
    'isWorkday agrees with chinese-days on every day 2004–2026 but the cited corrections',
    () => {
      const mismatches: string[] = [];
      for (let day = FIRST; day <= LAST; day++) {
        const d = fromEpochDay(day);
        if (cal.isWorkday(d) !== libraryIsWorkday(d)) mismatches.push(d);
      }
      const changesWorkday = CALENDAR_CORRECTIONS.filter(
        (c) => (c.kind === 'makeup_workday') !== libraryIsWorkday(c.date),
      ).map((c) => c.date);
      expect(mismatches).toEqual(changesWorkday);
      expect(mismatches).toEqual(['2005-12-31']);
    },
  );

  it('day kinds are consistent with the weekday', () => {
    fc.assert(
      fc.property(coveredDate(), (d) => {
        const kind = cal.dayKind(d);
        const weekend = isoWeekday(d) >= 6;
        if (kind === 'workday') expect(weekend).toBe(false);
        if (kind === 'weekend' || kind === 'makeup_workday') expect(weekend).toBe(true);
      }),
    );
  });
});
