/**
 * Working-day (工作日) calendar for statutory deadlines, built from per-year holiday data.
 *
 * Years come from official data (the State Council's notices) and, when the calendar is given a
 * {@link ProvisionalYearSource}, from estimates for the years after the last official one (see
 * `provisional-year.ts`). An estimated year is never passed off as official: {@link WorkingCalendar.isProvisional}
 * and {@link WorkingCalendar.provisionalYearsBetween} tell every caller which answers used one, so a deadline can
 * be shown as 「预计」. A question touching a year that is neither official nor estimated throws
 * CALENDAR_YEAR_NOT_COVERED.
 * At construction every covered day gets a kind code in one array indexed by epoch day, with a running count of
 * working days and the list of working days in order, so `dayKind`, `countWorkingDays` and `addWorkingDays`
 * are O(1) plus a check of the years spanned.
 */
import { type BusinessDate, fromEpochDay, isoWeekday, toEpochDay } from '../dates.ts';
import { DomainError } from '../errors.ts';
import { type CalendarYearData, parseCalendarYearData } from './calendar-year.ts';

/**
 * What a day is for working-day purposes:
 * - `workday`: an ordinary Monday–Friday working day;
 * - `weekend`: an ordinary Saturday or Sunday;
 * - `statutory_holiday`: a 法定节假日 day itself (even when it falls on a weekend);
 * - `rest_day`: a day off in a holiday period that is not statutory (调休 rest, or a weekend inside the period);
 * - `makeup_workday`: a Saturday or Sunday that is a working day (调休上班).
 */
export type DayKind = 'workday' | 'weekend' | 'statutory_holiday' | 'rest_day' | 'makeup_workday';

// Kind codes in the per-day array; 0 marks a day of an uncovered year inside the array's span.
const UNCOVERED = 0;
const KIND_BY_CODE: readonly (DayKind | undefined)[] = [
  undefined,
  'workday',
  'weekend',
  'statutory_holiday',
  'rest_day',
  'makeup_workday',
];
const CODE: Readonly<Record<DayKind, number>> = {
  workday: 1,
  weekend: 2,
  statutory_holiday: 3,
  rest_day: 4,
  makeup_workday: 5,
};

/** Estimates for years without official data (see `provisional-year.ts`). */
export interface ProvisionalYearSource {
  /** How many years after the last official year are estimated (a deadline rarely reaches further). */
  readonly horizon: number;
  /** The estimate of `year`, or undefined when it cannot be estimated. Must be deterministic. */
  estimate(year: number): CalendarYearData | undefined;
}

/** Options of {@link WorkingCalendar}. */
export interface WorkingCalendarOptions {
  /** Estimate the years after (and gaps between) the official years; without it they are not covered. */
  readonly provisional?: ProvisionalYearSource;
}

/**
 * An immutable working-day calendar over the years it was given. Build it with `createDefaultCalendar()`
 * (bundled data 2004–2026) and add a year an administrator entered with {@link WorkingCalendar.withYear}.
 *
 * All methods take business dates (`YYYY-MM-DD`, Asia/Shanghai) and throw DATE_INVALID for malformed dates and
 * CALENDAR_YEAR_NOT_COVERED (details `{ year, covered }`) when the answer depends on a year without data.
 */
export class WorkingCalendar {
  readonly #years: ReadonlyMap<number, StoredYear>;
  /** Official years, ascending. */
  readonly #covered: readonly number[];
  /** Estimated years, ascending. */
  readonly #estimated: readonly number[];
  readonly #options: WorkingCalendarOptions;
  /** Epoch day of 1 January of the first covered year (index 0 of the arrays below). */
  readonly #origin: number;
  /** Kind code per day from `#origin` to 31 December of the last covered year. */
  readonly #kinds: Uint8Array;
  /** `#workdaysThrough[i]` = working days in [origin, origin + i]. */
  readonly #workdaysThrough: Int32Array;
  /** Epoch days of all working days, ascending: the k-th working day (1-based) is `#workdayDays[k - 1]`. */
  readonly #workdayDays: Int32Array;

  /**
   * Validates each year (CALENDAR_YEAR_INVALID listing every problem; a year given twice is also invalid) and
   * precomputes the day tables. An empty list gives a calendar that covers nothing (nothing is estimated
   * either: estimates extend official data, they do not replace it). With `options.provisional`, every year
   * between the first official year and `horizon` years after the last one that has no official data is
   * estimated.
   */
  constructor(years: readonly CalendarYearData[], options: WorkingCalendarOptions = {}) {
    const map = new Map<number, StoredYear>();
    for (const input of years) {
      const data = parseCalendarYearData(input);
      if (map.has(data.year)) {
        throw new DomainError('CALENDAR_YEAR_INVALID', `${data.year} 年工作日历数据重复提供`, {
          year: data.year,
          problems: [{ path: 'year', message: `${data.year} 年重复` }],
        });
      }
      map.set(data.year, freezeYear(data, false));
    }
    this.#options = options;
    this.#covered = Object.freeze([...map.keys()].sort((a, b) => a - b));
    const estimated: number[] = [];
    const source = options.provisional;
    const firstOfficial = this.#covered[0];
    const lastOfficial = this.#covered.at(-1);
    if (source && firstOfficial !== undefined && lastOfficial !== undefined) {
      for (let y = firstOfficial; y <= lastOfficial + source.horizon; y++) {
        if (map.has(y)) continue;
        const data = source.estimate(y);
        if (!data) continue;
        map.set(y, freezeYear(parseCalendarYearData(data), true));
        estimated.push(y);
      }
    }
    this.#years = map;
    this.#estimated = Object.freeze(estimated);

    const all = [...map.keys()].sort((a, b) => a - b);
    const first = all[0];
    const last = all[all.length - 1];
    if (first === undefined || last === undefined) {
      this.#origin = 0;
      this.#kinds = new Uint8Array(0);
      this.#workdaysThrough = new Int32Array(0);
      this.#workdayDays = new Int32Array(0);
    } else {
      const origin = toEpochDay(`${pad4(first)}-01-01`);
      const length = toEpochDay(`${pad4(last)}-12-31`) - origin + 1;
      const kinds = new Uint8Array(length);
      for (const data of map.values()) fillYear(kinds, origin, data);
      const through = new Int32Array(length);
      let count = 0;
      for (let i = 0; i < length; i++) {
        if (isWorkCode(kinds[i]!)) count++;
        through[i] = count;
      }
      const workdayDays = new Int32Array(count);
      for (let i = 0, k = 0; i < length; i++) if (isWorkCode(kinds[i]!)) workdayDays[k++] = origin + i;
      this.#origin = origin;
      this.#kinds = kinds;
      this.#workdaysThrough = through;
      this.#workdayDays = workdayDays;
    }
    Object.freeze(this);
  }

  /**
   * A new calendar with `data` added, replacing any data for the same year (how an administrator loads the next
   * year's notice). `data` is validated; this calendar is unchanged.
   */
  withYear(data: CalendarYearData): WorkingCalendar {
    const parsed = parseCalendarYearData(data);
    const others = [...this.#years.values()]
      .filter((y) => y.year !== parsed.year && !y.provisional)
      .map(copyYear);
    return new WorkingCalendar([...others, parsed], this.#options);
  }

  /** The years with official data (a State Council notice), ascending. */
  coveredYears(): number[] {
    return [...this.#covered];
  }

  /** The years answered from an estimate (no notice loaded yet), ascending. */
  provisionalYears(): number[] {
    return [...this.#estimated];
  }

  /** True when `year` is answered from an estimate rather than a notice. */
  isProvisional(year: number): boolean {
    return this.#years.get(year)?.provisional === true;
  }

  /** The estimated years among the years of `from` … `to` (either order), ascending; empty when all are official. */
  provisionalYearsBetween(from: BusinessDate, to: BusinessDate): number[] {
    const a = Number(from.slice(0, 4));
    const b = Number(to.slice(0, 4));
    toEpochDay(from);
    toEpochDay(to);
    const out: number[] = [];
    for (let y = Math.min(a, b); y <= Math.max(a, b); y++) if (this.isProvisional(y)) out.push(y);
    return out;
  }

  /**
   * A copy of the data of an official or estimated year (dates sorted; an estimate's `source` says so);
   * throws CALENDAR_YEAR_NOT_COVERED otherwise.
   */
  yearData(year: number): CalendarYearData {
    return copyYear(this.#stored(year));
  }

  /** The kind of `date` (see {@link DayKind}). */
  dayKind(date: BusinessDate): DayKind {
    return KIND_BY_CODE[this.#code(toEpochDay(date))]!;
  }

  /** True when `date` is a working day: an ordinary workday or a 调休 makeup workday. */
  isWorkday(date: BusinessDate): boolean {
    return isWorkCode(this.#code(toEpochDay(date)));
  }

  /** True when `date` is one of the 法定节假日 days themselves. */
  isStatutoryHoliday(date: BusinessDate): boolean {
    return this.#code(toEpochDay(date)) === CODE.statutory_holiday;
  }

  /**
   * The date that is `n` working days after `date`, not counting `date` itself: the n-th working day strictly
   * after it. `n` must be a non-negative integer (CALENDAR_ARGUMENT_INVALID otherwise).
   *
   * `n = 0` returns `date` when it is a working day, otherwise the next working day (the first working day on or
   * after `date`), so for a non-working `date` n = 0 and n = 1 give the same day. The years of `date` and of the
   * result, and every year between, must be covered.
   */
  addWorkingDays(date: BusinessDate, n: number): BusinessDate {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new DomainError('CALENDAR_ARGUMENT_INVALID', `工作日数应为非负整数：${n}`, { n });
    }
    const day = toEpochDay(date);
    const code = this.#code(day);
    if (n === 0) {
      if (isWorkCode(code)) return date;
      n = 1;
    }
    const ordinal = this.#workdaysThrough[day - this.#origin]! + n; // 1-based ordinal of the answer
    const result = this.#workdayDays[ordinal - 1];
    if (result === undefined) {
      // The answer lies beyond the last covered year: name the first missing year after `date`.
      let year = yearOf(day);
      while (this.#years.has(year)) year++;
      throw this.#notCovered(year);
    }
    this.#requireYears(yearOf(day), yearOf(result));
    return fromEpochDay(result);
  }

  /**
   * Working days in the half-open interval (`from`, `to`]: after `from`, up to and including `to`. Zero when
   * `from === to`. When `to` is before `from` the result is negative, `-countWorkingDays(to, from)`, so
   * `count(a, b) + count(b, c) === count(a, c)` always. Every year from the earlier to the later date must be
   * covered.
   */
  countWorkingDays(from: BusinessDate, to: BusinessDate): number {
    const a = toEpochDay(from);
    const b = toEpochDay(to);
    this.#requireYears(yearOf(Math.min(a, b)), yearOf(Math.max(a, b)));
    return this.#workdaysThrough[b - this.#origin]! - this.#workdaysThrough[a - this.#origin]!;
  }

  /** The first working day strictly after `date` (same as `addWorkingDays(date, 1)`). */
  nextWorkday(date: BusinessDate): BusinessDate {
    return this.addWorkingDays(date, 1);
  }

  /** Number of 法定节假日 days in a covered year (11 in 2008–2024, 13 from 2025). */
  statutoryHolidayCount(year: number): number {
    return this.#stored(year).statutoryHolidays.length;
  }

  #stored(year: number): StoredYear {
    const data = this.#years.get(year);
    if (!data) throw this.#notCovered(year);
    return data;
  }

  /** Kind code of an epoch day; throws when its year is not covered. */
  #code(day: number): number {
    const code = this.#kinds[day - this.#origin];
    if (code === undefined || code === UNCOVERED) throw this.#notCovered(yearOf(day));
    return code;
  }

  /** Throws for the first uncovered year in [from, to]. */
  #requireYears(from: number, to: number): void {
    for (let y = from; y <= to; y++) if (!this.#years.has(y)) throw this.#notCovered(y);
  }

  #notCovered(year: number): DomainError {
    const covered = [...this.#covered];
    return new DomainError(
      'CALENDAR_YEAR_NOT_COVERED',
      `工作日历未收录 ${year} 年的节假日安排（已收录：${describeYears(covered)}），无法计算工作日；请先导入该年度国务院办公厅放假通知`,
      { year, covered },
    );
  }
}

function isWorkCode(code: number): boolean {
  return code === CODE.workday || code === CODE.makeup_workday;
}

function fillYear(kinds: Uint8Array, origin: number, data: StoredYear): void {
  const start = toEpochDay(`${pad4(data.year)}-01-01`);
  const end = toEpochDay(`${pad4(data.year)}-12-31`);
  // 1970-01-01 was a Thursday; ISO weekday 6/7 are Saturday/Sunday.
  for (let d = start; d <= end; d++) {
    const weekday = ((((d + 3) % 7) + 7) % 7) + 1;
    kinds[d - origin] = weekday >= 6 ? CODE.weekend : CODE.workday;
  }
  for (const date of data.restDays) kinds[toEpochDay(date) - origin] = CODE.rest_day;
  for (const date of data.statutoryHolidays) kinds[toEpochDay(date) - origin] = CODE.statutory_holiday;
  for (const date of data.makeupWorkdays) {
    if (isoWeekday(date) >= 6) kinds[toEpochDay(date) - origin] = CODE.makeup_workday;
  }
}

/** A validated year as the calendar keeps it: frozen, dates sorted. */
type StoredYear = {
  /** True for an estimate (no notice loaded). */
  readonly provisional: boolean;
  readonly year: number;
  readonly restDays: readonly BusinessDate[];
  readonly makeupWorkdays: readonly BusinessDate[];
  readonly statutoryHolidays: readonly BusinessDate[];
  readonly source: string;
};

function freezeYear(data: CalendarYearData, provisional: boolean): StoredYear {
  return Object.freeze({
    provisional,
    year: data.year,
    restDays: Object.freeze([...data.restDays].sort()),
    makeupWorkdays: Object.freeze([...data.makeupWorkdays].sort()),
    statutoryHolidays: Object.freeze([...data.statutoryHolidays].sort()),
    source: data.source,
  });
}

function copyYear(data: StoredYear): CalendarYearData {
  return {
    year: data.year,
    restDays: [...data.restDays],
    makeupWorkdays: [...data.makeupWorkdays],
    statutoryHolidays: [...data.statutoryHolidays],
    source: data.source,
  };
}

function yearOf(day: number): number {
  return Number(fromEpochDay(day).slice(0, 4));
}

function pad4(year: number): string {
  return String(year).padStart(4, '0');
}

/** "2004–2026、2028" for a sorted list of years; "无" when empty. */
function describeYears(years: readonly number[]): string {
  if (years.length === 0) return '无';
  const parts: string[] = [];
  let start = years[0]!;
  let prev = start;
  for (const y of [...years.slice(1), Number.NaN]) {
    if (y === prev + 1) {
      prev = y;
      continue;
    }
    parts.push(start === prev ? `${start} 年` : `${start}–${prev} 年`);
    start = y;
    prev = y;
  }
  return parts.join('、');
}
