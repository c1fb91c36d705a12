/**
 * Business dates in China's zone. A business date is a `YYYY-MM-DD` string (ISO 8601 calendar date)
 * interpreted in Asia/Shanghai, whatever the machine's TZ. China has kept UTC+8 without daylight saving
 * since 1991, so the zone is a fixed offset; converting never consults the host zone.
 */
import { DomainError } from './errors.ts';

/** A calendar date `YYYY-MM-DD` in Asia/Shanghai. */
export type BusinessDate = string;

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a valid business date; throws DATE_INVALID otherwise. */
export function toEpochDay(date: BusinessDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new DomainError('DATE_INVALID', `日期格式应为 YYYY-MM-DD：${date}`, { date });
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new DomainError('DATE_INVALID', `日期不存在：${date}`, { date });
  }
  return Math.floor(ms / DAY_MS);
}

/** Business date for a count of days since 1970-01-01. */
export function fromEpochDay(day: number): BusinessDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** True when `date` is a real calendar date in `YYYY-MM-DD` form. */
export function isValidDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = new Date(Date.UTC(y, mo - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): BusinessDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant at which a Shanghai business date begins (00:00 +08:00). */
export function startOfShanghaiDay(date: BusinessDate): Date {
  return new Date(toEpochDay(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** `date` plus `days` calendar days (negative allowed). */
export function addDays(date: BusinessDate, days: number): BusinessDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** ISO weekday of a business date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: BusinessDate): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7) + 1;
}

/** A source of "now"; engines take a clock instead of reading Date.now(). */
export interface Clock {
  now(): Date;
}

/** The machine's clock. Only the server constructs it. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that reads `start` when made and then advances with `base` (real elapsed time by default), so
 * timers and deadlines still move: the server's clock under the test-only RENSHE_TEST_NOW setting.
 */
export function offsetClock(start: Date, base: Clock = systemClock): Clock {
  const offset = start.getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offset) };
}
