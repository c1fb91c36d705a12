/**
 * 公民身份号码 (GB 11643-1999): layout `AAAAAA YYYYMMDD SSS C`, check character by ISO 7064 MOD 11-2.
 *
 * Validation runs five checks in a fixed order and reports the first that fails, each with its own stable
 * code: length → charset → region (province prefix) → birth date → checksum. Pure: no I/O, no clock —
 * callers that want "birth date not in the future" pass `today` as a business date.
 */
import { isValidDate } from '../dates.ts';
import { DomainError } from '../errors.ts';

/** Stable failure codes of {@link validateIdNumber}, in the order the checks run. */
export const ID_NUMBER_FAILURE = {
  length: 'ID_NUMBER_LENGTH',
  charset: 'ID_NUMBER_CHARSET',
  region: 'ID_NUMBER_REGION',
  birthDate: 'ID_NUMBER_BIRTH_DATE',
  checksum: 'ID_NUMBER_CHECKSUM',
} as const;

/** One of the stable failure codes in {@link ID_NUMBER_FAILURE}. */
export type IdNumberFailureCode = (typeof ID_NUMBER_FAILURE)[keyof typeof ID_NUMBER_FAILURE];

/** Gender encoded by the sequence number (odd = male, even = female), as an `as const` value set. */
export const GENDER = { male: 'male', female: 'female' } as const;

/** `'male' | 'female'`, derived from the parity of the sequence number. */
export type Gender = (typeof GENDER)[keyof typeof GENDER];

/** A parsed, fully validated 公民身份号码 split into its GB 11643 fields. */
export interface IdNumber {
  /** The normalised 18-character number (a trailing lower-case `x` becomes `X`). */
  readonly number: string;
  /** Address code (GB/T 2260), the first 6 digits. */
  readonly regionCode: string;
  /** Date of birth as a business date `YYYY-MM-DD`. */
  readonly birthDate: string;
  /** Sequence number, 3 digits (positions 15–17). */
  readonly sequence: string;
  /** Gender from the sequence number: odd = male, even = female. */
  readonly gender: Gender;
  /** Check character `0`–`9` or `X` (position 18). */
  readonly checkChar: string;
}

/** Why an ID number was rejected: a stable code, a Chinese message naming the check, and structured details. */
export interface IdNumberFailure {
  readonly code: IdNumberFailureCode;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/** Result of {@link validateIdNumber}: the parsed number, or the first failed check. */
export type IdNumberCheck =
  | { readonly ok: true; readonly value: IdNumber }
  | { readonly ok: false; readonly failure: IdNumberFailure };

/** Options for {@link validateIdNumber} / {@link parseIdNumber}. */
export interface IdNumberOptions {
  /** Business date `YYYY-MM-DD`; when given, a birth date after it is rejected. Without it there is no upper bound. */
  readonly today?: string;
}

/**
 * Province-level prefixes accepted by the region check (GB/T 2260 first two digits): 11–15, 21–23, 31–37,
 * 41–46, 50–54, 61–65. 81 (香港), 82 (澳门) and 83 (台湾) are also accepted because 港澳台居民居住证 numbers
 * follow GB 11643 with those prefixes.
 */
export const ID_NUMBER_PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  ...range(11, 15),
  ...range(21, 23),
  ...range(31, 37),
  ...range(41, 46),
  ...range(50, 54),
  ...range(61, 65),
  '81',
  '82',
  '83',
]);

/** Earliest birth year accepted by the birth-date check. */
export const ID_NUMBER_MIN_BIRTH_YEAR = 1900;

/** MOD 11-2 weights `2^(17-i) mod 11` for positions 1–17. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character indexed by `Σ(aᵢ·Wᵢ) mod 11`. */
const CHECK_CHARS = '10X98765432';

function range(from: number, to: number): string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(String(n));
  return out;
}

function fail(code: IdNumberFailureCode, message: string, details: Record<string, unknown>): IdNumberCheck {
  return { ok: false, failure: { code, message, details } };
}

/**
 * Check character (`0`–`9` or `X`) for the first 17 digits of an ID number, by ISO 7064 MOD 11-2.
 * Throws `ID_NUMBER_CHARSET` unless `first17` is exactly 17 ASCII digits.
 */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new DomainError(ID_NUMBER_FAILURE.charset, `计算校验码需要 17 位数字本体码：${first17}`, {
      input: first17,
    });
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * Validate a 公民身份号码 and split it into fields, reporting the first failed check.
 * A trailing lower-case `x` is accepted and normalised to `X` (people often type it that way); leading or
 * trailing whitespace is not trimmed — that is the input layer's job. Throws `DATE_INVALID` only when
 * `opts.today` itself is not a valid business date (a programming error, not a bad ID).
 */
export function validateIdNumber(input: string, opts: IdNumberOptions = {}): IdNumberCheck {
  if (opts.today !== undefined && !isValidDate(opts.today)) {
    throw new DomainError('DATE_INVALID', `today 应为有效的 YYYY-MM-DD 日期：${opts.today}`, {
      date: opts.today,
    });
  }

  const chars = [...input];
  if (chars.length !== 18) {
    return fail(ID_NUMBER_FAILURE.length, `身份证号码长度校验未通过：应为 18 位，实际为 ${chars.length} 位`, {
      expected: 18,
      actual: chars.length,
    });
  }

  for (let i = 0; i < 18; i++) {
    const ch = chars[i]!;
    const ok = i < 17 ? ch >= '0' && ch <= '9' : (ch >= '0' && ch <= '9') || ch === 'X' || ch === 'x';
    if (!ok) {
      const rule = i < 17 ? '应为数字' : '应为数字或 X';
      return fail(ID_NUMBER_FAILURE.charset, `身份证号码字符校验未通过：第 ${i + 1} 位“${ch}”${rule}`, {
        position: i + 1,
        char: ch,
      });
    }
  }
  const number = input.slice(0, 17) + input.slice(17).toUpperCase();

  const province = number.slice(0, 2);
  if (!ID_NUMBER_PROVINCE_PREFIXES.has(province)) {
    return fail(
      ID_NUMBER_FAILURE.region,
      `身份证号码地区码校验未通过：前两位“${province}”不是有效的省级行政区划代码`,
      {
        province,
        regionCode: number.slice(0, 6),
      },
    );
  }

  const raw = number.slice(6, 14);
  const birthDate = `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
  if (!isValidDate(birthDate)) {
    return fail(ID_NUMBER_FAILURE.birthDate, `身份证号码出生日期校验未通过：“${raw}”不是有效日期`, {
      reason: 'invalid',
      birthDate: raw,
    });
  }
  if (Number(raw.slice(0, 4)) < ID_NUMBER_MIN_BIRTH_YEAR) {
    return fail(
      ID_NUMBER_FAILURE.birthDate,
      `身份证号码出生日期校验未通过：出生年份 ${raw.slice(0, 4)} 早于 ${ID_NUMBER_MIN_BIRTH_YEAR} 年`,
      { reason: 'before_min_year', birthDate, minYear: ID_NUMBER_MIN_BIRTH_YEAR },
    );
  }
  // Both sides are zero-padded YYYY-MM-DD, so string order is date order.
  if (opts.today !== undefined && birthDate > opts.today) {
    return fail(
      ID_NUMBER_FAILURE.birthDate,
      `身份证号码出生日期校验未通过：出生日期 ${birthDate} 晚于当前日期 ${opts.today}`,
      {
        reason: 'after_today',
        birthDate,
        today: opts.today,
      },
    );
  }

  const expected = idNumberCheckChar(number.slice(0, 17));
  const given = number[17]!;
  if (expected !== given) {
    return fail(
      ID_NUMBER_FAILURE.checksum,
      `身份证号码校验码校验未通过：第 18 位应为“${expected}”，实际为“${given}”`,
      {
        expected,
        actual: given,
      },
    );
  }

  const sequence = number.slice(14, 17);
  return {
    ok: true,
    value: {
      number,
      regionCode: number.slice(0, 6),
      birthDate,
      sequence,
      gender: Number(sequence) % 2 === 1 ? GENDER.male : GENDER.female,
      checkChar: given,
    },
  };
}

/** Parse a 公民身份号码, throwing `DomainError(code, message, details)` for the first failed check. */
export function parseIdNumber(input: string, opts: IdNumberOptions = {}): IdNumber {
  const result = validateIdNumber(input, opts);
  if (!result.ok) throw new DomainError(result.failure.code, result.failure.message, result.failure.details);
  return result.value;
}

/**
 * Mask an ID number for display and logs: keep the first 3 and last 4 characters, replace the rest with `*`.
 * Inputs of 7 characters or fewer are masked entirely so that nothing short leaks verbatim.
 */
export function maskIdNumber(s: string): string {
  const chars = [...s];
  if (chars.length <= 7) return '*'.repeat(chars.length);
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
}
