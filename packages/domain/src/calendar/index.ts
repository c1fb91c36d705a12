/**
 * Working-day calendar: per-year holiday data (validated), statutory holidays computed from
 * 《全国年节及纪念日放假办法》, the bundled chinese-days data for 2004–2026, and {@link WorkingCalendar}.
 */
import type { CalendarYearData } from './calendar-year.ts';
import { chineseDaysAlmanac, chineseDaysCalendarYears } from './chinese-days-source.ts';
import { provisionalCalendarYear } from './provisional-year.ts';
import { STATUTORY_RULES_LAST_YEAR } from './statutory-holidays.ts';
import { type ProvisionalYearSource, WorkingCalendar } from './working-calendar.ts';

export * from './calendar-year.ts';
export * from './chinese-days-source.ts';
export * from './notice-year.ts';
export * from './provisional-year.ts';
export * from './statutory-holidays.ts';
export * from './working-calendar.ts';

let defaultCalendar: WorkingCalendar | undefined;
const estimates = new Map<number, CalendarYearData | undefined>();

/** How many years after the last official year are estimated: a deadline (≤ 1 year) never reaches further. */
export const PROVISIONAL_HORIZON_YEARS = 3;

/**
 * Estimates of years without a notice ({@link provisionalCalendarYear} with chinese-days' lunar calendar),
 * computed once per year and shared.
 */
export const PROVISIONAL_YEARS: ProvisionalYearSource = Object.freeze({
  horizon: PROVISIONAL_HORIZON_YEARS,
  estimate(year: number) {
    if (!estimates.has(year)) {
      estimates.set(
        year,
        year <= STATUTORY_RULES_LAST_YEAR ? provisionalCalendarYear(year, chineseDaysAlmanac) : undefined,
      );
    }
    return estimates.get(year);
  },
});

/**
 * The calendar built from the bundled chinese-days data (2004–2026, corrected), with the next
 * {@link PROVISIONAL_HORIZON_YEARS} years estimated. Built once and shared; it is immutable, so add later years with
 * `createDefaultCalendar().withYear(data)` (which also moves the estimated horizon on).
 */
export function createDefaultCalendar(): WorkingCalendar {
  defaultCalendar ??= new WorkingCalendar(chineseDaysCalendarYears(), { provisional: PROVISIONAL_YEARS });
  return defaultCalendar;
}
