/**
 * Working-day calendar: per-year holiday data (validated), statutory holidays computed from
 * 《全国年节及纪念日放假办法》, the bundled chinese-days data for 2004–2026, and {@link WorkingCalendar}.
 */
import { chineseDaysCalendarYears } from './chinese-days-source.ts';
import { WorkingCalendar } from './working-calendar.ts';

export * from './calendar-year.ts';
export * from './chinese-days-source.ts';
export * from './statutory-holidays.ts';
export * from './working-calendar.ts';

let defaultCalendar: WorkingCalendar | undefined;

/**
 * The calendar built from the bundled chinese-days data (2004–2026). Built once and shared; it is immutable, so
 * add later years with `createDefaultCalendar().withYear(data)`.
 */
export function createDefaultCalendar(): WorkingCalendar {
  defaultCalendar ??= new WorkingCalendar(chineseDaysCalendarYears());
  return defaultCalendar;
}
