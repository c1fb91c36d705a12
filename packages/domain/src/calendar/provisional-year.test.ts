import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoWeekday } from '../dates.ts';
import {
  chineseDaysAlmanac,
  chineseDaysCalendarYears,
  PROVISIONAL_SOURCE_PREFIX,
  provisionalCalendarYear,
  statutoryHolidays,
  WorkingCalendar,
} from './index.ts';

describe('provisional (预计) calendar years', () => {
  it('2027: the 13 statutory days of 国务院令第798号 are off, with §6 补假 after weekend ones, and no 调休', () => {
    const y = provisionalCalendarYear(2027, chineseDaysAlmanac);
    expect(y.statutoryHolidays).toEqual(statutoryHolidays(2027, chineseDaysAlmanac));
    expect(y.statutoryHolidays).toHaveLength(13);
    expect(y.makeupWorkdays).toEqual([]);
    expect(y.source.startsWith(PROVISIONAL_SOURCE_PREFIX)).toBe(true);
    // 春节 2027: 除夕 02-05 (Fri), 初一 02-06 (Sat), 初二 02-07 (Sun), 初三 02-08 (Mon) → 补假 02-09, 02-10.
    for (const d of ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']) expect(y.restDays).toContain(d);
    expect(y.restDays).not.toContain('2027-02-11');
    // 劳动节 05-01 (Sat), 05-02 (Sun) → 05-03, 05-04; 国庆 10-02, 10-03 on the weekend → 10-04, 10-05.
    for (const d of ['2027-05-03', '2027-05-04', '2027-10-04', '2027-10-05']) expect(y.restDays).toContain(d);
    expect(y.restDays).not.toContain('2027-10-06');
  });

  it('every statutory day is off and every rest day is a weekday, for any year 2027–2099', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2027, max: 2099 }), (year) => {
        const y = provisionalCalendarYear(year, chineseDaysAlmanac);
        for (const d of y.restDays) expect(isoWeekday(d)).toBeLessThan(6);
        for (const d of y.statutoryHolidays) expect(isoWeekday(d) >= 6 || y.restDays.includes(d)).toBe(true);
        // Days off = statutory weekday days + one 补假 per statutory weekend day (unless it would leave the year).
        const weekendStatutory = y.statutoryHolidays.filter((d) => isoWeekday(d) >= 6).length;
        const weekdayStatutory = y.statutoryHolidays.length - weekendStatutory;
        expect(y.restDays.length).toBeLessThanOrEqual(weekdayStatutory + weekendStatutory);
        expect(y.restDays.length).toBeGreaterThanOrEqual(weekdayStatutory);
      }),
      { numRuns: 40 },
    );
  });

  it('a calendar estimates only after official data: the years up to the horizon, and gaps', () => {
    const official = chineseDaysCalendarYears().filter((y) => y.year === 2024 || y.year === 2026);
    const cal = new WorkingCalendar(official, {
      provisional: { horizon: 2, estimate: (year) => provisionalCalendarYear(year, chineseDaysAlmanac) },
    });
    expect(cal.coveredYears()).toEqual([2024, 2026]);
    expect(cal.provisionalYears()).toEqual([2025, 2027, 2028]);
    expect(cal.provisionalYearsBetween('2024-12-01', '2026-01-10')).toEqual([2025]);
    expect(cal.provisionalYearsBetween('2026-01-01', '2026-12-31')).toEqual([]);
    expect(() => cal.isWorkday('2029-01-02')).toThrow(/2029/);
    // Loading a year turns its estimate into data and moves the horizon.
    const loaded = cal.withYear(provisionalCalendarYear(2027, chineseDaysAlmanac));
    expect(loaded.provisionalYears()).toEqual([2025, 2028, 2029]);
    expect(
      new WorkingCalendar([], { provisional: { horizon: 2, estimate: () => undefined } }).provisionalYears(),
    ).toEqual([]);
  });

  it('the estimate and the real 2026 notice differ only by 调休 (so an estimate is close)', () => {
    const real = chineseDaysCalendarYears().find((y) => y.year === 2026)!;
    const est = provisionalCalendarYear(2026, chineseDaysAlmanac);
    expect(est.statutoryHolidays).toEqual(real.statutoryHolidays);
    for (const d of est.statutoryHolidays) if (isoWeekday(d) < 6) expect(real.restDays).toContain(d);
  });
});
