/**
 * The working-day calendar in use: the shipped years (chinese-days, 2004–2026) plus every year an
 * administrator has loaded into the database (e.g. 2027 once the State Council notice is out).
 */

import { type Database, listCalendarYearLoads, listLoadedCalendarYears } from '@renshe/db';
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
    const service = new CalendarService(createDefaultCalendar());
    await service.reload(db);
    return service;
  }

  /** The calendar to answer with now. */
  get current(): WorkingCalendar {
    return this.#calendar;
  }

  /** Swaps in a calendar that includes a newly stored year, and tells whoever listens (other processes). */
  replace(next: WorkingCalendar): void {
    this.#calendar = next;
    this.#seen = undefined; // re-read on the next refresh: the stored row is this load
    for (const listener of this.#listeners) listener();
  }

  #listeners: (() => void)[] = [];

  /** Calls `listener` after every `replace` (not after `reload`). */
  onReplace(listener: () => void): void {
    this.#listeners.push(listener);
  }

  /** Re-reads the stored years (another process stored one). */
  async reload(db: Kysely<Database>): Promise<void> {
    const seen = new Map((await listCalendarYearLoads(db)).map((r) => [r.year, r.loadedAt]));
    let cal = createDefaultCalendar();
    for (const row of await listLoadedCalendarYears(db)) {
      cal = cal.withYear(CalendarYearDataSchema.parse(row.data));
    }
    this.#calendar = cal;
    this.#seen = seen;
  }

  /** What the stored years looked like when this process last read them (year → load signature). */
  #seen: Map<number, string> | undefined;

  /**
   * Re-reads the stored years when another process (a CLI `calendar:load-year`, another server) stored or
   * replaced one since this process last read them, and returns those years (empty when nothing changed).
   */
  async refreshIfChanged(db: Kysely<Database>): Promise<number[]> {
    const now = new Map((await listCalendarYearLoads(db)).map((r) => [r.year, r.loadedAt]));
    const before = this.#seen;
    this.#seen = now;
    // Unknown after this process's own load (`replace`), which recomputed its clocks itself.
    if (!before) return [];
    const changed = [...now].filter(([y, sig]) => before.get(y) !== sig).map(([y]) => y);
    if (changed.length) await this.reload(db);
    return changed;
  }
}
