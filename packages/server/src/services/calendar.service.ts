/**
 * The working-day calendar in use: the shipped years (chinese-days, 2004–2026) plus every year an
 * administrator has loaded into the database (e.g. 2027 once the State Council notice is out).
 */

import { type Database, listLoadedCalendarYears } from '@renshe/db';
import { CalendarYearDataSchema } from '@renshe/domain/calendar/calendar-year.ts';
import { createDefaultCalendar } from '@renshe/domain/calendar/index.ts';
import type { WorkingCalendar } from '@renshe/domain/calendar/working-calendar.ts';
import type { Kysely } from 'kysely';

/** Holds the current calendar; replaced atomically when a year is loaded. */
export class CalendarService {
  #calendar: WorkingCalendar;

  private constructor(calendar: WorkingCalendar) {
    this.#calendar = calendar;
  }

  /** Builds the calendar from shipped data and the years stored in `db`. */
  static async load(db: Kysely<Database>): Promise<CalendarService> {
    let cal = createDefaultCalendar();
    for (const row of await listLoadedCalendarYears(db)) {
      cal = cal.withYear(CalendarYearDataSchema.parse(row.data));
    }
    return new CalendarService(cal);
  }

  /** The calendar to answer with now. */
  get current(): WorkingCalendar {
    return this.#calendar;
  }

  /** Swaps in a calendar that includes a newly stored year, and tells whoever listens (other processes). */
  replace(next: WorkingCalendar): void {
    this.#calendar = next;
    for (const listener of this.#listeners) listener();
  }

  #listeners: (() => void)[] = [];

  /** Calls `listener` after every `replace` (not after `reload`). */
  onReplace(listener: () => void): void {
    this.#listeners.push(listener);
  }

  /** Re-reads the stored years (another process stored one). */
  async reload(db: Kysely<Database>): Promise<void> {
    this.#calendar = (await CalendarService.load(db)).current;
  }
}
