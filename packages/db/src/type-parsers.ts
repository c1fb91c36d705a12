/**
 * One place that decides how PostgreSQL values come back, for both drivers, so that code never sees a
 * number from PGlite and a string from `pg` for the same column (stack.md: int8/count/sum differ).
 *
 * - int8 (count(*), bigserial, sums of int4): JS number; a value beyond 2^53 is an error, not a silent loss.
 * - numeric: string (exact decimal; money is never numeric here, it is integer fen).
 * - date: the `YYYY-MM-DD` text itself (a business date; never a JS Date shifted by the host zone).
 * - timestamptz: JS Date.
 */
export const PG_OID = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamptz: 1184,
  timestamp: 1114,
  int8Array: 1016,
  dateArray: 1182,
} as const;

/** Parses an int8 text value into a safe JS integer. */
export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} exceeds the safe integer range`);
  return n;
}

/** Parses a timestamptz text value (PostgreSQL output format) into a Date. */
export function parseTimestamptz(text: string): Date {
  // PostgreSQL prints '2026-11-23 19:18:04.123+00' (ISO style); make it ISO 8601 for Date.
  let iso = text.replace(' ', 'T');
  if (/[+-]\d{2}$/.test(iso)) iso += ':00';
  return new Date(iso);
}

/** Parser table keyed by type OID, shared by both drivers. */
export const textParsers: Record<number, (text: string) => unknown> = {
  [PG_OID.int8]: parseInt8,
  [PG_OID.numeric]: (t) => t,
  [PG_OID.date]: (t) => t,
  [PG_OID.timestamptz]: parseTimestamptz,
};
