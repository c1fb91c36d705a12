/**
 * 预计工作日历: the best estimate of a year whose State Council holiday notice (国务院办公厅关于××××年部分节假日安排的
 * 通知) is not loaded yet, so that a deadline reaching into it can still be computed and shown — marked 「预计」.
 *
 * What is known without the notice, and used here:
 * - the statutory days of 《全国年节及纪念日放假办法》 in force for the year (date rules, lunar dates and 清明 computed
 *   by `statutory-holidays.ts`) are days off;
 * - Saturdays and Sundays are days off (国务院关于职工工作时间的规定 §7);
 * - a statutory day falling on a Saturday or Sunday is made up on the next working day(s) after its holiday
 *   (办法 §6: 全体公民放假的假日，如果适逢周六、周日，应当在工作日补假).
 *
 * What is not known and is left out: the 调休 arrangement (rest days moved next to a holiday and the weekend days
 * worked in exchange, 办法 §7). So an estimated deadline may move by a few days when the notice is loaded; every
 * clock that used an estimated year says so, and is recomputed when the year is loaded.
 */
import { addDays, type BusinessDate, isoWeekday } from '../dates.ts';
import type { CalendarYearData } from './calendar-year.ts';
import { type LunisolarAlmanac, statutoryHolidayDays } from './statutory-holidays.ts';

/** The `source` of an estimated year starts with this mark (how stored data tells an estimate from a notice). */
export const PROVISIONAL_SOURCE_PREFIX = '预计（未导入国务院办公厅放假通知）';

/**
 * The estimated calendar of `year`: statutory days and their §6 补假 as rest days, no makeup workdays.
 * Throws STATUTORY_RULES_YEAR_UNSUPPORTED outside the years the statutory rules cover (2000–2099).
 */
export function provisionalCalendarYear(year: number, almanac: LunisolarAlmanac): CalendarYearData {
  const { version, days } = statutoryHolidayDays(year, almanac);
  const statutory = new Set(days.map((d) => d.date));
  const weekend = (d: BusinessDate) => isoWeekday(d) >= 6;
  const rest = new Set<BusinessDate>();
  for (const d of days) if (!weekend(d.date)) rest.add(d.date);
  // §6 补假: per holiday, as many weekdays after its last day as its statutory days that fell on a weekend.
  const byHoliday = new Map<string, BusinessDate[]>();
  for (const d of days) byHoliday.set(d.holiday, [...(byHoliday.get(d.holiday) ?? []), d.date]);
  for (const dates of byHoliday.values()) {
    let owed = dates.filter(weekend).length;
    let day = dates.at(-1)!;
    while (owed > 0) {
      day = addDays(day, 1);
      if (!day.startsWith(`${year}-`)) break; // 补假 never crosses into the next year's estimate
      if (weekend(day) || statutory.has(day) || rest.has(day)) continue;
      rest.add(day);
      owed--;
    }
  }
  return {
    year,
    restDays: [...rest].sort(),
    makeupWorkdays: [],
    statutoryHolidays: days.map((d) => d.date),
    source: `${PROVISIONAL_SOURCE_PREFIX}：${year} 年按${version.citation}计算法定节假日（含第六条补假），周六、周日休息，未含调休`,
  };
}
