import {
  chineseDaysAlmanac,
  chineseDaysCalendarYears,
  createDefaultCalendar,
  provisionalCalendarYear,
  WorkingCalendar,
} from '@renshe/domain/calendar/index.ts';
import {
  addDays,
  type BusinessDate,
  daysBetween,
  fromEpochDay,
  shanghaiDate,
  startOfShanghaiDay,
  toEpochDay,
} from '@renshe/domain/dates.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ClockEvent,
  type ClockLimit,
  clockEvent,
  deadlineInstant,
  evaluateClock,
  provisionalNote,
  timeLimitLabel,
  validateClockEvents,
} from './index.ts';

const cal = createDefaultCalendar();
const DAY_MS = 86_400_000;

/** The instant of a Shanghai wall-clock time, e.g. `sh('2024-02-05', '09:30')`. */
const sh = (date: BusinessDate, time = '09:00'): Date => new Date(`${date}T${time}:00+08:00`);
const wd = (amount: number): ClockLimit => ({ amount, unit: 'working_days' });
const cd = (amount: number): ClockLimit => ({ amount, unit: 'calendar_days' });
const { start, pause, resume, stop } = clockEvent;
const SUPPLEMENT = ['补正材料', '《中华人民共和国行政许可法》第三十二条'] as const;
const APPRAISAL = ['劳动能力鉴定', '《中华人民共和国行政许可法》第四十五条'] as const;

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

describe('time limits', () => {
  it('labels working days and calendar days in Chinese', () => {
    expect(timeLimitLabel(wd(10))).toBe('10个工作日');
    expect(timeLimitLabel(cd(60))).toBe('60日');
  });

  it.each([
    [{ amount: 0, unit: 'working_days' }],
    [{ amount: 1.5, unit: 'calendar_days' }],
    [{ amount: -3, unit: 'calendar_days' }],
    [{ amount: 10, unit: 'months' }],
  ])('refuses the limit %j', (limit) => {
    const e = domainErrorOf(() => evaluateClock([], limit as ClockLimit, cal, sh('2024-01-02')));
    expect(e.code).toBe('CLOCK_LIMIT_INVALID');
  });
});

describe('deadlineInstant', () => {
  it('is 00:00 +08:00 of the day after the deadline, whatever the host zone', () => {
    expect(deadlineInstant('2024-02-23').toISOString()).toBe('2024-02-23T16:00:00.000Z');
    expect(deadlineInstant('2024-12-31').toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(shanghaiDate(new Date(deadlineInstant('2024-02-23').getTime() - 1))).toBe('2024-02-23');
  });
});

describe('working-days clocks (行政许可法 §82)', () => {
  // 2024 春节 (国务院办公厅, 国办发明电〔2023〕7号): 2月10日至17日放假调休，共8天；2月4日（星期日）、2月18日（星期日）上班.
  // Working days after Mon 2024-02-05 (not counted): 02-06 (1), 02-07 (2), 02-08 (3), 02-09 (4), [02-10 … 02-17
  // off], 02-18 Sun makeup (5), 02-19 (6), 02-20 (7), 02-21 (8), 02-22 (9), 02-23 (10).
  const events = [start(sh('2024-02-05', '10:00'))];

  it('10个工作日 from 2024-02-05 ends on 2024-02-23 (春节 2024 with its makeup Sunday)', () => {
    expect(cal.isWorkday('2024-02-18')).toBe(true);
    expect(cal.isWorkday('2024-02-04')).toBe(true);
    const s = evaluateClock(events, wd(10), cal, sh('2024-02-06'));
    expect(s).toMatchObject({ state: 'running', startDate: '2024-02-05', deadline: '2024-02-23' });
    expect(cal.addWorkingDays('2024-02-05', 10)).toBe('2024-02-23');
  });

  it.each([
    ['2024-02-05', '18:00', 0, false, false],
    ['2024-02-09', '09:00', 4, false, false],
    ['2024-02-14', '09:00', 4, false, false], // holiday: nothing counts
    ['2024-02-18', '09:00', 5, false, false], // makeup Sunday counts
    ['2024-02-21', '09:00', 8, true, false], // 8 ≥ 0.8 × 10
    ['2024-02-23', '23:59', 10, true, false], // the whole deadline day is in time
    ['2024-02-24', '00:00', 10, false, true], // Saturday after: overdue, no working day past yet
    ['2024-02-26', '09:00', 11, false, true],
  ])('on %s %s: used %i, warning %s, overdue %s', (date, time, used, warning, overdue) => {
    const s = evaluateClock(events, wd(10), cal, sh(date, time));
    expect(s).toMatchObject({ usedUnits: used, remainingUnits: 10 - used, warning, overdue, asOf: date });
  });

  it('15个工作日 over 劳动节 2024 (4月28日 makeup Sunday, 5月1日至5日 off, 5月11日 makeup Saturday)', () => {
    // After Fri 2024-04-26: 04-28 (1), 04-29 (2), 04-30 (3), 05-06 … 05-10 (4–8), 05-11 Sat (9),
    // 05-13 … 05-17 (10–14), 05-20 (15).
    const s = evaluateClock([start(sh('2024-04-26'))], wd(15), cal, sh('2024-05-01'));
    expect(s).toMatchObject({ deadline: '2024-05-20', usedUnits: 3, remainingUnits: 12 });
  });

  it('pause and resume across 国庆 2024 extends by the working days excluded', () => {
    // Without pauses, 10 working days after Mon 2024-09-23: 09-24 … 09-27 (1–4), 09-29 Sun makeup (5), 09-30 (6),
    // [10-01 … 10-07 off], 10-08 … 10-11 (7–10).
    const base = [start(sh('2024-09-23'))];
    expect(evaluateClock(base, wd(10), cal, sh('2024-09-24')).deadline).toBe('2024-10-11');
    // Paused Fri 09-27 (still counts), resumed Wed 10-09 (does not count): excluded (09-27, 10-09] = 09-29, 09-30,
    // 10-08, 10-09 = 4 working days. Counting resumes 10-10 (5), 10-11 (6), 10-12 Sat makeup (7), 10-14 … 10-16.
    const events = [
      ...base,
      pause(sh('2024-09-27', '15:00'), ...SUPPLEMENT),
      resume(sh('2024-10-09', '11:00')),
    ];
    const done = evaluateClock(events, wd(10), cal, sh('2024-10-10'));
    expect(done).toMatchObject({
      state: 'running',
      deadline: '2024-10-16',
      usedUnits: 5,
      totalPausedUnits: 4,
    });
    expect(done.pauses).toEqual([
      {
        from: '2024-09-27',
        to: '2024-10-09',
        pausedAt: sh('2024-09-27', '15:00'),
        endedAt: sh('2024-10-09', '11:00'),
        reason: '补正材料',
        basis: SUPPLEMENT[1],
        units: 4,
        startedOverdue: false,
      },
    ]);
    expect(cal.countWorkingDays('2024-10-11', '2024-10-16')).toBe(4);
    // While paused on 10-03 the deadline is the one if resumed today: 2 working days excluded (09-29, 09-30).
    const paused = evaluateClock(events, wd(10), cal, sh('2024-10-03'));
    expect(paused).toMatchObject({
      state: 'paused',
      deadline: '2024-10-14',
      usedUnits: 4,
      remainingUnits: 6,
    });
    expect(paused.pauses[0]).toMatchObject({ from: '2024-09-27', units: 2 });
    expect(paused.pauses[0]!.to).toBeUndefined();
  });

  it('a pause begun and ended the same day costs nothing; workday to next workday costs one', () => {
    const s0 = sh('2024-03-04'); // Monday; 10 working days → 2024-03-18
    const same = [
      start(s0),
      pause(sh('2024-03-06', '09:00'), ...SUPPLEMENT),
      resume(sh('2024-03-06', '17:00')),
    ];
    expect(evaluateClock(same, wd(10), cal, sh('2024-03-07'))).toMatchObject({
      deadline: '2024-03-18',
      totalPausedUnits: 0,
    });
    const next = [
      start(s0),
      pause(sh('2024-03-06', '16:00'), ...SUPPLEMENT),
      resume(sh('2024-03-07', '09:00')),
    ];
    expect(evaluateClock(next, wd(10), cal, sh('2024-03-07'))).toMatchObject({
      deadline: '2024-03-19',
      totalPausedUnits: 1,
      usedUnits: 2, // 03-05 and 03-06; 03-07 (resumption day) does not count
    });
    // Friday to Monday: the weekend costs nothing, the Monday one working day.
    const weekend = [start(s0), pause(sh('2024-03-08'), ...SUPPLEMENT), resume(sh('2024-03-11'))];
    expect(evaluateClock(weekend, wd(10), cal, sh('2024-03-12'))).toMatchObject({
      deadline: '2024-03-19',
      totalPausedUnits: 1,
    });
  });

  it('a pause begun on the deadline day is in time: the deadline becomes the resumption day', () => {
    const base = [start(sh('2024-02-05', '10:00'))]; // deadline 2024-02-23 (Fri)
    const p = pause(sh('2024-02-23', '15:00'), ...APPRAISAL);
    // Resumed on Fri 03-01: excluded (02-23, 03-01] = 5 working days, deadline 03-01.
    const fri = evaluateClock([...base, p, resume(sh('2024-03-01'))], wd(10), cal, sh('2024-03-01', '18:00'));
    expect(fri).toMatchObject({ deadline: '2024-03-01', usedUnits: 10, remainingUnits: 0, overdue: false });
    expect(fri.pauses[0]).toMatchObject({ units: 5, startedOverdue: false });
    // Resumed on Saturday 03-02: the period ends on the next working day (民法典 §203).
    const sat = evaluateClock([...base, p, resume(sh('2024-03-02'))], wd(10), cal, sh('2024-03-02', '18:00'));
    expect(sat).toMatchObject({ deadline: '2024-03-04', overdue: false });
    // Still paused on Saturday 02-24: not overdue; if resumed today the deadline would be Monday.
    const during = evaluateClock([...base, p], wd(10), cal, sh('2024-02-24'));
    expect(during).toMatchObject({ state: 'paused', deadline: '2024-02-26', overdue: false, warning: true });
  });

  it('a pause begun after the deadline extends nothing and the clock stays overdue', () => {
    const events = [
      start(sh('2024-02-05')),
      pause(sh('2024-02-26'), ...SUPPLEMENT),
      resume(sh('2024-03-04')),
    ];
    const during = evaluateClock(events, wd(10), cal, sh('2024-02-28'));
    expect(during).toMatchObject({ state: 'paused', deadline: '2024-02-23', overdue: true, usedUnits: 11 });
    expect(during.pauses[0]).toMatchObject({ startedOverdue: true, units: 2 });
    const after = evaluateClock(events, wd(10), cal, sh('2024-03-05'));
    expect(after).toMatchObject({
      deadline: '2024-02-23',
      usedUnits: 12,
      remainingUnits: -2,
      totalPausedUnits: 5,
    });
  });

  it('throws CALENDAR_YEAR_NOT_COVERED when the deadline falls in a year with neither data nor an estimate', () => {
    const strict = new WorkingCalendar(chineseDaysCalendarYears());
    const e = domainErrorOf(() => evaluateClock([start(sh('2026-12-20'))], wd(10), strict, sh('2026-12-21')));
    expect(e.code).toBe('CALENDAR_YEAR_NOT_COVERED');
    expect(e.details.year).toBe(2027);
  });

  it('accepted on 2026-12-20 with 10 working days: 2027-01-04, marked provisional until 2027 is loaded', () => {
    const events = [start(sh('2026-12-20'))];
    const s = evaluateClock(events, wd(10), cal, sh('2026-12-21'));
    expect(s.deadline).toBe('2027-01-04'); // 12-21…12-31: 9 working days; 2027-01-01 元旦; 01-04 the 10th
    expect(s.provisionalYears).toEqual([2027]);
    expect(provisionalNote(s)).toContain('2027 年国务院办公厅节假日安排通知尚未导入');
    // A notice that makes 2027-01-04 a day off moves the deadline and ends the estimate.
    const loaded = cal.withYear({
      ...provisionalCalendarYear(2027, chineseDaysAlmanac),
      restDays: [...provisionalCalendarYear(2027, chineseDaysAlmanac).restDays, '2027-01-04'].sort(),
      source: 'TEST FIXTURE（虚构：元旦 1月1日至4日放假），非国务院办公厅通知',
    });
    const after = evaluateClock(events, wd(10), loaded, sh('2026-12-21'));
    expect(after.deadline).toBe('2027-01-05');
    expect(after.provisionalYears).toEqual([]);
    expect(provisionalNote(after)).toBeUndefined();
  });

  it('a clock entirely inside loaded years is not provisional', () => {
    expect(evaluateClock([start(sh('2026-11-02'))], wd(10), cal, sh('2026-11-03')).provisionalYears).toEqual(
      [],
    );
  });
});

describe('calendar-days clocks (民法典 §201–§203)', () => {
  it('60日 from 2024-09-01 runs straight through 国庆 and ends on 2024-10-31', () => {
    const events = [start(sh('2024-09-01'))];
    const s = evaluateClock(events, cd(60), cal, sh('2024-10-05'));
    // 09-02 … 09-30 (29 days) + 10-01 … 10-05 (5 days); holidays count as days.
    expect(s).toMatchObject({ deadline: '2024-10-31', usedUnits: 34, remainingUnits: 26, warning: false });
    expect(evaluateClock(events, cd(60), cal, sh('2024-10-20')).warning).toBe(true); // 49 ≥ 48
  });

  it('a last day on 2024-10-01 (国庆) moves to 2024-10-08, the day after the holiday', () => {
    const events = [start(sh('2024-08-02'))];
    expect(addDays('2024-08-02', 60)).toBe('2024-10-01');
    expect(evaluateClock(events, cd(60), cal, sh('2024-09-01')).deadline).toBe('2024-10-08');
    // The extension days are not "used": 60 used, 0 remaining, not overdue until 10-08 ends.
    for (const day of ['2024-10-01', '2024-10-04', '2024-10-08']) {
      expect(evaluateClock(events, cd(60), cal, sh(day, '20:00'))).toMatchObject({
        usedUnits: 60,
        remainingUnits: 0,
        overdue: false,
        warning: true,
      });
    }
    expect(evaluateClock(events, cd(60), cal, sh('2024-10-09'))).toMatchObject({
      usedUnits: 61,
      remainingUnits: -1,
      overdue: true,
      warning: false,
    });
  });

  it.each([
    ['2024-04-20', '2024-05-05', '2024-05-06'], // lands in 劳动节 (5月1日至5日) → Monday 05-06
    ['2024-04-26', '2024-05-11', '2024-05-11'], // lands on the makeup Saturday, a working day: stays
    ['2024-03-01', '2024-03-16', '2024-03-18'], // ordinary Saturday → Monday
    ['2024-03-04', '2024-03-19', '2024-03-19'], // ordinary Tuesday
  ])('15日 from %s: last day %s, deadline %s', (from, raw, deadline) => {
    expect(addDays(from, 15)).toBe(raw);
    expect(evaluateClock([start(sh(from))], cd(15), cal, sh(from, '12:00')).deadline).toBe(deadline);
  });

  it('pause and resume across 国庆 excludes calendar days (P, R]', () => {
    const events = [
      start(sh('2024-09-01')),
      pause(sh('2024-09-30'), '等待司法机关结论', '《工伤保险条例》第二十条第三款'),
      resume(sh('2024-10-08')),
    ];
    // 8 days excluded (10-01 … 10-08): 2024-10-31 + 8 = 2024-11-08 (Friday).
    const s = evaluateClock(events, cd(60), cal, sh('2024-10-09'));
    expect(s).toMatchObject({ deadline: '2024-11-08', usedUnits: 30, totalPausedUnits: 8 });
  });

  it('a pause begun during the §203 extension is in time; one begun after the deadline is not', () => {
    const base = [start(sh('2024-08-02'))]; // deadline 2024-10-08 (raw 10-01)
    const inTime = [...base, pause(sh('2024-10-05'), ...APPRAISAL), resume(sh('2024-10-10'))];
    expect(evaluateClock(inTime, cd(60), cal, sh('2024-10-10'))).toMatchObject({
      deadline: '2024-10-10',
      overdue: false,
      usedUnits: 60,
    });
    const late = [...base, pause(sh('2024-10-09'), ...APPRAISAL), resume(sh('2024-10-10'))];
    const s = evaluateClock(late, cd(60), cal, sh('2024-10-10'));
    expect(s).toMatchObject({ deadline: '2024-10-08', overdue: true, usedUnits: 61 });
    expect(s.pauses[0]!.startedOverdue).toBe(true);
  });
});

describe('states, stops and instants', () => {
  it('is not started before its start event, and ignores events after now', () => {
    const events = [start(sh('2024-03-04')), pause(sh('2024-03-06'), ...SUPPLEMENT)];
    expect(evaluateClock([], wd(5), cal, sh('2024-03-01'))).toMatchObject({
      state: 'not_started',
      startDate: null,
      deadline: null,
      usedUnits: 0,
      remainingUnits: 5,
      warning: false,
      overdue: false,
    });
    expect(evaluateClock(events, wd(5), cal, sh('2024-03-03')).state).toBe('not_started');
    expect(evaluateClock(events, wd(5), cal, sh('2024-03-05')).state).toBe('running');
    expect(evaluateClock(events, wd(5), cal, sh('2024-03-06')).state).toBe('paused');
  });

  it('converts instants to Shanghai dates whatever the host zone', () => {
    // 2024-02-04T16:30Z is 2024-02-05 00:30 in Shanghai (but still 02-04 in UTC).
    const s = evaluateClock([start(new Date('2024-02-04T16:30:00Z'))], wd(10), cal, sh('2024-02-06'));
    expect(s).toMatchObject({ startDate: '2024-02-05', deadline: '2024-02-23' });
    const late = evaluateClock([start(sh('2024-02-05'))], wd(10), cal, new Date('2024-02-23T15:59:59.999Z'));
    expect(late).toMatchObject({ asOf: '2024-02-23', overdue: false });
    expect(
      evaluateClock([start(sh('2024-02-05'))], wd(10), cal, new Date('2024-02-23T16:00:00Z')).overdue,
    ).toBe(true);
  });

  it('a stopped clock is frozen at its stop date and says whether it stopped in time', () => {
    const onTime = [start(sh('2024-02-05')), stop(sh('2024-02-21', '16:00'))];
    const s = evaluateClock(onTime, wd(10), cal, sh('2025-01-01'));
    expect(s).toMatchObject({
      state: 'stopped',
      asOf: '2024-02-21',
      stoppedOn: '2024-02-21',
      stoppedOnTime: true,
      overdue: false,
      usedUnits: 8,
      warning: false,
    });
    const late = evaluateClock(
      [start(sh('2024-02-05')), stop(sh('2024-02-27'))],
      wd(10),
      cal,
      sh('2025-01-01'),
    );
    expect(late).toMatchObject({ stoppedOnTime: false, overdue: true, usedUnits: 12, remainingUnits: -2 });
    expect(evaluateClock(onTime, wd(10), cal, sh('2024-02-20')).stoppedOnTime).toBeUndefined();
  });

  it('a stop while paused ends the pause at the stop date', () => {
    const events = [
      start(sh('2024-02-05')),
      pause(sh('2024-02-07'), ...APPRAISAL),
      stop(sh('2024-03-29', '10:00')), // 终止 while suspended
    ];
    const s = evaluateClock(events, wd(10), cal, sh('2024-06-01'));
    expect(s).toMatchObject({ state: 'stopped', usedUnits: 2, stoppedOnTime: true, asOf: '2024-03-29' });
    expect(s.pauses[0]).toMatchObject({
      from: '2024-02-07',
      to: '2024-03-29',
      endedAt: sh('2024-03-29', '10:00'),
    });
    expect(s.pauses[0]!.units).toBe(cal.countWorkingDays('2024-02-07', '2024-03-29'));
  });

  it('warns from ⌈warnAtShare × amount⌉ units', () => {
    const events = [start(sh('2024-03-04'))]; // Monday
    const at = sh('2024-03-13'); // 7 working days used
    expect(evaluateClock(events, wd(10), cal, at)).toMatchObject({ warnAtUnits: 8, warning: false });
    expect(evaluateClock(events, wd(10), cal, at, { warnAtShare: 0.7 })).toMatchObject({
      warnAtUnits: 7,
      warning: true,
    });
    expect(evaluateClock(events, wd(10), cal, sh('2024-03-04'), { warnAtShare: 0 }).warning).toBe(true);
    for (const warnAtShare of [-0.1, 1.5, Number.NaN]) {
      const e = domainErrorOf(() => evaluateClock(events, wd(10), cal, at, { warnAtShare }));
      expect(e.code).toBe('CLOCK_ARGUMENT_INVALID');
    }
    expect(domainErrorOf(() => evaluateClock(events, wd(10), cal, new Date(Number.NaN))).code).toBe(
      'CLOCK_ARGUMENT_INVALID',
    );
  });
});

describe('invalid event sequences', () => {
  const t = (day: number, hour = 9) => new Date(Date.UTC(2024, 2, day, hour - 8));
  const p = (day: number) => pause(t(day), ...SUPPLEMENT);
  it.each<[string, ClockEvent[], number]>([
    ['pause before start', [p(4)], 0],
    ['resume before start', [resume(t(4))], 0],
    ['stop before start', [stop(t(4))], 0],
    ['two starts', [start(t(4)), start(t(5))], 1],
    ['resume while running', [start(t(4)), resume(t(5))], 1],
    ['pause while paused', [start(t(4)), p(5), p(6)], 2],
    ['event after stop', [start(t(4)), stop(t(5)), resume(t(6))], 2],
    ['start after stop', [start(t(4)), stop(t(5)), start(t(6))], 2],
    ['time going back', [start(t(4)), p(6), resume(t(5))], 2],
    ['pause without reason', [start(t(4)), pause(t(5), ' ', '依据')], 1],
    ['pause without basis', [start(t(4)), pause(t(5), '补正材料', '')], 1],
    ['invalid date', [start(new Date('x'))], 0],
    ['unknown type', [start(t(4)), { type: 'restart', at: t(5) } as unknown as ClockEvent], 1],
  ])('%s → CLOCK_EVENT_INVALID', (_name, events, index) => {
    const e = domainErrorOf(() => validateClockEvents(events));
    expect(e.code).toBe('CLOCK_EVENT_INVALID');
    expect(e.details.index).toBe(index);
    expect(e.message).toMatch(/^计时事件无效/);
    // evaluateClock validates the whole list, even events after now.
    expect(domainErrorOf(() => evaluateClock(events, wd(5), cal, t(1))).code).toBe('CLOCK_EVENT_INVALID');
  });

  it('accepts equal times and a stop while paused', () => {
    expect(validateClockEvents([])).toBe('not_started');
    expect(validateClockEvents([start(t(4)), p(4), resume(t(4)), stop(t(4))])).toBe('stopped');
    expect(validateClockEvents([start(t(4)), p(5), stop(t(6))])).toBe('stopped');
    expect(validateClockEvents([start(t(4)), p(5)])).toBe('paused');
  });

  it('accepts exactly the sequences a simple state machine accepts (property)', () => {
    const kinds = ['start', 'pause', 'resume', 'stop'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom(...kinds), dt: fc.integer({ min: -2, max: 5 }) }), {
          maxLength: 8,
        }),
        (steps) => {
          let ms = Date.UTC(2024, 0, 10);
          const events = steps.map(({ kind, dt }) => {
            ms += dt * 3_600_000;
            const at = new Date(ms);
            return kind === 'pause' ? pause(at, ...SUPPLEMENT) : clockEvent[kind](at);
          });
          let state = 'not_started';
          let ok = true;
          steps.forEach(({ kind, dt }, i) => {
            const allowed: Record<string, readonly string[]> = {
              start: ['not_started'],
              pause: ['running'],
              resume: ['paused'],
              stop: ['running', 'paused'],
            };
            if (!ok) return;
            if ((i > 0 && dt < 0) || !allowed[kind]!.includes(state)) ok = false;
            else state = { start: 'running', pause: 'paused', resume: 'running', stop: 'stopped' }[kind];
          });
          if (ok) expect(validateClockEvents(events)).toBe(state);
          else expect(domainErrorOf(() => validateClockEvents(events)).code).toBe('CLOCK_EVENT_INVALID');
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property tests. Random clocks start between 2005 and mid-2025 and span at most ~8 months, inside the calendar.

const FIRST_START = toEpochDay('2005-01-01');
const LAST_START = toEpochDay('2025-06-30');

interface Plan {
  readonly events: ClockEvent[];
  readonly limit: ClockLimit;
  /** [pausedAt, endedAt) in ms for each pause; endedAt = Infinity while open. */
  readonly pauses: { from: number; to: number }[];
  /** Instant of the last event. */
  readonly lastMs: number;
}

/** A gap in ms: often zero or whole days (to hit day boundaries), otherwise anything up to `maxDays`. */
const gapMs = (maxDays: number) =>
  fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: maxDays }).map((d) => d * DAY_MS),
    fc.integer({ min: 0, max: maxDays * DAY_MS }),
  );

const limitArb = fc.record({
  amount: fc.integer({ min: 1, max: 60 }),
  unit: fc.constantFrom('working_days' as const, 'calendar_days' as const),
});

/** A valid clock: start, then closed pauses, optionally an open pause, optionally a stop (if not open). */
function planArb(
  opts: { maxPauses?: number; open?: boolean; stop?: boolean; unit?: ClockLimit['unit'] } = {},
) {
  return fc
    .record({
      day: fc.integer({ min: FIRST_START, max: LAST_START }),
      offset: fc.integer({ min: 0, max: DAY_MS - 1 }),
      limit: opts.unit ? limitArb.map((l) => ({ ...l, unit: opts.unit! })) : limitArb,
      pauses: fc.array(fc.record({ run: gapMs(25), length: gapMs(20) }), { maxLength: opts.maxPauses ?? 3 }),
      open: opts.open === false ? fc.constant(false) : fc.boolean(),
      stop: opts.stop === false ? fc.constant(null) : fc.option(gapMs(40), { nil: null }),
    })
    .map(({ day, offset, limit, pauses, open, stop: stopGap }): Plan => {
      let ms = startOfShanghaiDay(fromEpochDay(day)).getTime() + offset;
      const events: ClockEvent[] = [start(new Date(ms))];
      const spans: { from: number; to: number }[] = [];
      pauses.forEach(({ run, length }, i) => {
        ms += run;
        events.push(pause(new Date(ms), '劳动能力鉴定', '《工伤保险条例》第二十五条'));
        const from = ms;
        if (open && i === pauses.length - 1) {
          spans.push({ from, to: Number.POSITIVE_INFINITY });
          return;
        }
        ms += length;
        events.push(resume(new Date(ms)));
        spans.push({ from, to: ms });
      });
      const isOpen = open && pauses.length > 0;
      if (stopGap !== null && !isOpen) {
        ms += stopGap;
        events.push(stop(new Date(ms)));
      }
      return { events, limit, pauses: spans, lastMs: ms };
    });
}

/**
 * Day-by-day reference for the deadline: walk the days after the start, spend one unit per counting day outside
 * every pause (P, R], and stop at the first working day on which nothing remains and no pause [P, R) holds it.
 */
function referenceDeadline(
  startDate: BusinessDate,
  limit: ClockLimit,
  spans: readonly { from: BusinessDate; to: BusinessDate }[],
): BusinessDate {
  let left = limit.amount;
  for (let d = addDays(startDate, 1); ; d = addDays(d, 1)) {
    const paused = spans.some((s) => s.from < d && d <= s.to);
    if (!paused && left > 0 && (limit.unit === 'calendar_days' || cal.isWorkday(d))) left--;
    if (left === 0 && cal.isWorkday(d) && !spans.some((s) => s.from <= d && d < s.to)) return d;
  }
}

/** Day-by-day reference for used units at `asOf` given the deadline. */
function referenceUsed(
  startDate: BusinessDate,
  deadline: BusinessDate,
  asOf: BusinessDate,
  limit: ClockLimit,
  spans: readonly { from: BusinessDate; to: BusinessDate }[],
): number {
  const counted = (from: BusinessDate, to: BusinessDate) => {
    let n = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
      const paused = spans.some((s) => s.from < d && d <= s.to);
      if (!paused && (limit.unit === 'calendar_days' || cal.isWorkday(d))) n++;
    }
    return n;
  };
  return asOf <= deadline
    ? Math.min(counted(startDate, asOf), limit.amount)
    : limit.amount + counted(deadline, asOf);
}

describe('legal clock properties', () => {
  it('agrees with a day-by-day reference on deadline and used units', () => {
    fc.assert(
      fc.property(planArb(), gapMs(120), (plan, after) => {
        const now = new Date(plan.events[0]!.at.getTime() + after);
        const s = evaluateClock(plan.events, plan.limit, cal, now);
        const startDate = s.startDate!;
        const spans = s.pauses.map((p) => ({ from: p.from, to: p.to ?? s.asOf }));
        const deadline = referenceDeadline(startDate, plan.limit, spans);
        expect(s.deadline).toBe(deadline);
        expect(s.usedUnits).toBe(referenceUsed(startDate, deadline, s.asOf, plan.limit, spans));
        expect(s.overdue).toBe(s.asOf > deadline);
        if (s.warning) expect(s.overdue).toBe(false);
      }),
    );
  });

  it('(1) never runs while paused: used units inside a pause equal those at its start', () => {
    fc.assert(
      fc.property(
        planArb({ maxPauses: 4 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (plan, frac) => {
          for (const span of plan.pauses) {
            const to = Number.isFinite(span.to) ? span.to : span.from + 60 * DAY_MS;
            if (to === span.from) continue;
            const inside = new Date(span.from + Math.floor(frac * (to - span.from)));
            const atPause = evaluateClock(plan.events, plan.limit, cal, new Date(span.from));
            const during = evaluateClock(plan.events, plan.limit, cal, inside);
            expect(atPause.state).toBe('paused');
            expect(during.state).toBe('paused');
            expect(during.usedUnits).toBe(atPause.usedUnits);
            expect(during.deadline! >= atPause.deadline!).toBe(true);
          }
        },
      ),
    );
  });

  it('used units never decrease as now moves on', () => {
    fc.assert(
      fc.property(planArb(), gapMs(100), gapMs(30), (plan, a, b) => {
        const t0 = plan.events[0]!.at.getTime() + a;
        const first = evaluateClock(plan.events, plan.limit, cal, new Date(t0));
        const later = evaluateClock(plan.events, plan.limit, cal, new Date(t0 + b));
        expect(later.usedUnits).toBeGreaterThanOrEqual(first.usedUnits);
      }),
    );
  });

  it('(2) without pauses a working-days deadline is addWorkingDays(start, n), n working days after the start', () => {
    fc.assert(
      fc.property(planArb({ maxPauses: 0, unit: 'working_days' }), gapMs(90), (plan, after) => {
        const now = new Date(plan.events[0]!.at.getTime() + after);
        const s = evaluateClock(plan.events, plan.limit, cal, now);
        const n = plan.limit.amount;
        expect(s.deadline).toBe(cal.addWorkingDays(s.startDate!, n));
        expect(cal.countWorkingDays(s.startDate!, s.deadline!)).toBe(n);
      }),
    );
  });

  it('(2′) without pauses a calendar-days deadline is start + n, moved to the next working day if needed', () => {
    fc.assert(
      fc.property(planArb({ maxPauses: 0, unit: 'calendar_days' }), (plan) => {
        const s = evaluateClock(plan.events, plan.limit, cal, plan.events[0]!.at);
        const raw = addDays(s.startDate!, plan.limit.amount);
        expect(s.deadline).toBe(cal.isWorkday(raw) ? raw : cal.nextWorkday(raw));
      }),
    );
  });

  it('(3) removing any pause never moves the deadline later (adding one never moves it earlier)', () => {
    fc.assert(
      fc.property(planArb({ maxPauses: 4 }), fc.nat(), gapMs(60), (plan, pick, after) => {
        fc.pre(plan.pauses.length > 0);
        const i = pick % plan.pauses.length;
        const pauseIndex = 1 + 2 * i; // events: start, (pause, resume)*, …
        const without = plan.events.filter((_, j) => j !== pauseIndex && j !== pauseIndex + 1);
        const now = new Date(plan.lastMs + after);
        const a = evaluateClock(plan.events, plan.limit, cal, now);
        const b = evaluateClock(without, plan.limit, cal, now);
        expect(a.deadline! >= b.deadline!).toBe(true);
      }),
    );
  });

  it('(3′) a pause of k working days begun before the deadline moves it by exactly k working days', () => {
    fc.assert(
      fc.property(
        planArb({ open: false, stop: false, unit: 'working_days' }),
        gapMs(40),
        gapMs(20),
        gapMs(30),
        (plan, run, length, after) => {
          const p = plan.lastMs + run;
          const r = p + length;
          const extended = [...plan.events, pause(new Date(p), ...SUPPLEMENT), resume(new Date(r))];
          const now = new Date(r + after);
          const before = evaluateClock(plan.events, plan.limit, cal, now).deadline!;
          const s = evaluateClock(extended, plan.limit, cal, now);
          const added = s.pauses[s.pauses.length - 1]!;
          expect(added.units).toBe(
            cal.countWorkingDays(shanghaiDate(new Date(p)), shanghaiDate(new Date(r))),
          );
          expect(s.deadline! >= before).toBe(true);
          // Units still to run when the pause began: 0 means it began inside a §203 extension (the limit was
          // used up and only the move to a working day remained), which rule (5) covers, not this one.
          const leftAtPause = evaluateClock(plan.events, plan.limit, cal, new Date(p)).remainingUnits;
          if (added.from < before && leftAtPause > 0) {
            expect(cal.countWorkingDays(before, s.deadline!)).toBe(added.units);
          } else if (added.from <= before) {
            expect(s.deadline).toBe(cal.addWorkingDays(added.to!, 0));
          } else {
            expect(s.deadline).toBe(before);
            expect(added.startedOverdue).toBe(true);
          }
        },
      ),
    );
  });

  it('(3″) a pause of k calendar days begun before the last day moves the last day by k', () => {
    fc.assert(
      fc.property(
        planArb({ maxPauses: 0, stop: false, unit: 'calendar_days' }),
        gapMs(40),
        gapMs(20),
        (plan, run, length) => {
          const p = plan.lastMs + run;
          const r = p + length;
          const events = [...plan.events, pause(new Date(p), ...SUPPLEMENT), resume(new Date(r))];
          const s = evaluateClock(events, plan.limit, cal, new Date(r));
          const raw = addDays(s.startDate!, plan.limit.amount);
          fc.pre(s.pauses[0]!.from < raw);
          expect(s.pauses[0]!.units).toBe(daysBetween(s.pauses[0]!.from, s.pauses[0]!.to!));
          expect(s.deadline).toBe(cal.addWorkingDays(addDays(raw, s.pauses[0]!.units), 0));
        },
      ),
    );
  });

  it('(5) a pause begun between the last day and the deadline ends the period on the resumption day', () => {
    fc.assert(
      fc.property(
        planArb({ maxPauses: 0, stop: false }),
        fc.nat(),
        fc.integer({ min: 0, max: DAY_MS - 1 }),
        gapMs(20),
        (plan, pick, offset, length) => {
          const base = evaluateClock(plan.events, plan.limit, cal, plan.events[0]!.at);
          const raw =
            plan.limit.unit === 'working_days' ? base.deadline! : addDays(base.startDate!, plan.limit.amount);
          // Somewhere from the last counted day to the deadline (several days when §203 moved the deadline).
          const day = addDays(raw, pick % (daysBetween(raw, base.deadline!) + 1));
          const p = Math.max(startOfShanghaiDay(day).getTime() + offset, plan.lastMs);
          const r = p + length;
          const events = [...plan.events, pause(new Date(p), ...APPRAISAL), resume(new Date(r))];
          const resumed = shanghaiDate(new Date(r));
          const s = evaluateClock(events, plan.limit, cal, new Date(r));
          expect(s.pauses[0]!.startedOverdue).toBe(false);
          expect(s.deadline).toBe(cal.addWorkingDays(resumed, 0));
          expect(s).toMatchObject({ overdue: false, usedUnits: plan.limit.amount, remainingUnits: 0 });
          // One day later than the deadline, the same pause is too late and extends nothing.
          const late = Math.max(deadlineInstant(base.deadline!).getTime() + offset, plan.lastMs);
          const lateEvents = [
            ...plan.events,
            pause(new Date(late), ...APPRAISAL),
            resume(new Date(late + length)),
          ];
          const t = evaluateClock(lateEvents, plan.limit, cal, new Date(late + length));
          expect(t.pauses[0]!.startedOverdue).toBe(true);
          expect(t).toMatchObject({ deadline: base.deadline, overdue: true });
        },
      ),
    );
  });

  it('(6) the days of a §203 extension are not used: 0 remaining, not overdue', () => {
    fc.assert(
      fc.property(planArb({ maxPauses: 0, stop: false, unit: 'calendar_days' }), fc.nat(), (plan, pick) => {
        const base = evaluateClock(plan.events, plan.limit, cal, plan.events[0]!.at);
        const raw = addDays(base.startDate!, plan.limit.amount);
        const day = addDays(raw, pick % (daysBetween(raw, base.deadline!) + 1));
        const s = evaluateClock(plan.events, plan.limit, cal, sh(day, '23:59'));
        expect(s).toMatchObject({ usedUnits: plan.limit.amount, remainingUnits: 0, overdue: false });
        const next = evaluateClock(plan.events, plan.limit, cal, deadlineInstant(base.deadline!));
        expect(next).toMatchObject({ usedUnits: plan.limit.amount + 1, remainingUnits: -1, overdue: true });
      }),
    );
  });

  it('(4) while running up to the deadline, used + remaining = amount and remaining is what is left', () => {
    fc.assert(
      fc.property(planArb({ stop: false }), gapMs(120), (plan, after) => {
        const now = new Date(plan.events[0]!.at.getTime() + after);
        const s = evaluateClock(plan.events, plan.limit, cal, now);
        fc.pre(s.state === 'running' && s.asOf <= s.deadline!);
        expect(s.usedUnits + s.remainingUnits).toBe(plan.limit.amount + 0);
        expect(s.remainingUnits).toBeGreaterThanOrEqual(0);
        expect(s.overdue).toBe(false);
        if (plan.pauses.length === 0) {
          const rawEnd =
            plan.limit.unit === 'working_days' ? s.deadline! : addDays(s.startDate!, plan.limit.amount);
          const left =
            plan.limit.unit === 'working_days'
              ? cal.countWorkingDays(s.asOf, rawEnd)
              : Math.max(0, daysBetween(s.asOf, rawEnd));
          expect(s.remainingUnits).toBe(left);
        }
      }),
    );
  });
});
