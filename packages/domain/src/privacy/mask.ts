/**
 * Masking of personal identifiers for logs and the audit trail: no full 身份证号 or mobile number is
 * ever written there. `maskSensitive` walks any JSON-like value and masks every string that contains
 * something shaped like an ID number or a mainland mobile number, whatever the field is called.
 */

// 18-char ID numbers (17 digits + digit/X) and 11-digit mobiles starting 1[3-9], not inside longer digit runs.
const ID_LIKE = /(?<![0-9A-Za-z])(\d{3})\d{11}(\d{3}[0-9Xx])(?![0-9A-Za-z])/g;
const PHONE_LIKE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

/** Masks a mainland mobile number: 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  return phone.length > 7
    ? `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
    : '*'.repeat(phone.length);
}

/** Masks every ID-number-like and phone-like run inside a string. */
export function maskText(text: string): string {
  return text.replace(ID_LIKE, '$1***********$2').replace(PHONE_LIKE, '$1****$2');
}

const MAX_DEPTH = 10;

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Returns a copy of `value` with every string passed through `maskText`. Walks plain objects and arrays
 * only (class instances such as sockets or requests are left to the logger's serializers), survives cycles
 * (a repeated object is written as '[Circular]') and stops at depth 10.
 */
export function maskSensitive<T>(value: T): T {
  return walk(value, new WeakSet(), 0) as T;
}

function walk(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object') return value;
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  const out: unknown = Array.isArray(value)
    ? value.map((v) => walk(v, seen, depth + 1))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, seen, depth + 1)]));
  seen.delete(value);
  return out;
}
