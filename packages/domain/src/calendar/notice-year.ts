/**
 * 导入年度放假通知的校验: a year an administrator loads from the State Council's notice is checked against what
 * the law already fixes before it replaces an estimate, so a file holding only 1 January (or a typo) is refused
 * with the list of every problem instead of silently becoming the whole year.
 *
 * Checked, beyond the shape rules of {@link CalendarYearDataSchema} (every date real and inside the year, no
 * repeats, 调休 workdays on Saturdays or Sundays, no day both off and worked):
 * - every statutory day of the 《全国年节及纪念日放假办法》 version in force for the year is a day off (listed as a
 *   rest day, or a weekend day), and none is a 调休 workday;
 * - the weekday days off, less the weekend days worked, are at least the statutory days (办法 §6: a statutory
 *   day on a weekend is made up on a weekday; 调休 only moves days), so a file that forgets the 补假 is refused;
 * - `statutoryHolidays`, when given, are exactly those days (when omitted they are computed);
 * - the source names the notice (its title 国务院办公厅关于××××年部分节假日安排的通知, or its 文号 such as
 *   国办发明电〔2024〕12号).
 */
import { isoWeekday, isValidDate } from '../dates.ts';
import { DomainError } from '../errors.ts';
import {
  type CalendarYearData,
  type CalendarYearProblem,
  calendarYearInvalid,
  parseCalendarYearData,
} from './calendar-year.ts';
import { type LunisolarAlmanac, statutoryHolidayDays } from './statutory-holidays.ts';

/** A year as an administrator enters it; `statutoryHolidays` may be left out (computed). */
export type NoticeYearInput = Omit<CalendarYearData, 'statutoryHolidays'> & {
  statutoryHolidays?: CalendarYearData['statutoryHolidays'];
};

const NOTICE_NAMED = /国务院办公厅关于\s*\d{4}\s*年部分节假日安排的通知|国(?:办)?发明电〔\d{4}〕\d+号/;

/**
 * Validates a notice year and returns it complete (statutory days filled in). Throws CALENDAR_YEAR_INVALID
 * with `details: { year, problems }` listing every problem.
 */
export function validateNoticeYear(input: NoticeYearInput, almanac: LunisolarAlmanac): CalendarYearData {
  const year = input?.year;
  const problems: CalendarYearProblem[] = [];
  let statutory: { date: string; nameZh: string }[] = [];
  let citation = '';
  try {
    const computed = statutoryHolidayDays(year, almanac);
    statutory = [...computed.days];
    citation = computed.version.citation;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    problems.push({ path: 'year', message: e.message });
  }
  const given = Array.isArray(input?.statutoryHolidays) ? input.statutoryHolidays : undefined;
  const data = { ...input, statutoryHolidays: given ?? statutory.map((d) => d.date) };
  try {
    parseCalendarYearData(data);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    problems.push(...((e.details as { problems?: CalendarYearProblem[] }).problems ?? []));
  }
  const rest = new Set(Array.isArray(input?.restDays) ? input.restDays : []);
  const worked = new Set(Array.isArray(input?.makeupWorkdays) ? input.makeupWorkdays : []);
  for (const d of statutory) {
    if (worked.has(d.date)) {
      problems.push({
        path: 'makeupWorkdays',
        message: `${d.date}（${d.nameZh}）是法定节假日，不能调休上班`,
      });
    } else if (!rest.has(d.date) && isoWeekday(d.date) < 6) {
      problems.push({
        path: 'restDays',
        message: `缺少法定节假日 ${d.date}（${d.nameZh}，依${citation}）`,
      });
    }
  }
  // 办法 §6: statutory days on a weekend are made up on weekdays, and a 调休 moves days without removing any.
  // So a year's weekday days off, less the weekend days worked, cannot be fewer than its statutory days.
  if (statutory.length && Array.isArray(input?.restDays) && Array.isArray(input?.makeupWorkdays)) {
    const weekdayOff = [...rest].filter(
      (d) => typeof d === 'string' && isValidDate(d) && isoWeekday(d) < 6,
    ).length;
    // A weekend worked in late December belongs to the next year's 元旦 arrangement (e.g. 2011-12-31 for 2012).
    const workedForThisYear = [...worked].filter((d) => typeof d === 'string' && d.slice(5) < '12-25').length;
    const net = weekdayOff - workedForThisYear;
    if (net < statutory.length) {
      problems.push({
        path: 'restDays',
        message: `工作日放假 ${weekdayOff} 天、调休上班 ${workedForThisYear} 天，净放假 ${net} 天，少于法定节假日 ${statutory.length} 天（周末的法定节假日应在工作日补假，依${citation}第六条）`,
      });
    }
  }
  if (given && statutory.length) {
    const expected = new Set(statutory.map((d) => d.date));
    for (const d of given)
      if (!expected.has(d)) problems.push({ path: 'statutoryHolidays', message: `${d} 不是法定节假日` });
    for (const d of statutory)
      if (!given.includes(d.date))
        problems.push({ path: 'statutoryHolidays', message: `缺少法定节假日 ${d.date}（${d.nameZh}）` });
  }
  if (typeof input?.source !== 'string' || !NOTICE_NAMED.test(input.source)) {
    problems.push({
      path: 'source',
      message:
        '须注明所依据的通知：国务院办公厅关于××××年部分节假日安排的通知，或其文号（如 国办发明电〔2024〕12号）',
    });
  }
  if (problems.length) throw calendarYearInvalid(year, problems);
  return parseCalendarYearData(data);
}
