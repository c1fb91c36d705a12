/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol alphabet (no I, O, S, V, Z),
 * check character by weights `3^i mod 31`.
 *
 * Validation runs four checks in a fixed order and reports the first that fails, each with its own stable
 * code: length → charset → region (positions 3–8 digits) → checksum. Pure: no I/O, no clock.
 */
import { DomainError } from '../errors.ts';

/** Stable failure codes of {@link validateCreditCode}, in the order the checks run. */
export const CREDIT_CODE_FAILURE = {
  length: 'CREDIT_CODE_LENGTH',
  charset: 'CREDIT_CODE_CHARSET',
  region: 'CREDIT_CODE_REGION',
  checksum: 'CREDIT_CODE_CHECKSUM',
} as const;

/** One of the stable failure codes in {@link CREDIT_CODE_FAILURE}. */
export type CreditCodeFailureCode = (typeof CREDIT_CODE_FAILURE)[keyof typeof CREDIT_CODE_FAILURE];

/** The 31 code characters of GB 32100, in value order (`0` = 0 … `Y` = 30). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A parsed, fully validated 统一社会信用代码 split into its GB 32100 fields. */
export interface CreditCode {
  /** The normalised 18-character code (letters upper-cased). */
  readonly code: string;
  /** 登记管理部门码, position 1 (1 机构编制, 5 民政, 9 工商, Y 其他…). */
  readonly registrationAuthority: string;
  /** 机构类别码, position 2. */
  readonly entityCategory: string;
  /** 登记管理机关行政区划码 (GB/T 2260), positions 3–8. */
  readonly regionCode: string;
  /** 主体标识码 (组织机构代码, GB 11714), positions 9–17. */
  readonly organizationCode: string;
  /** Check character, position 18. */
  readonly checkChar: string;
}

/** Why a credit code was rejected: a stable code, a Chinese message naming the check, and structured details. */
export interface CreditCodeFailure {
  readonly code: CreditCodeFailureCode;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/** Result of {@link validateCreditCode}: the parsed code, or the first failed check. */
export type CreditCodeCheck =
  | { readonly ok: true; readonly value: CreditCode }
  | { readonly ok: false; readonly failure: CreditCodeFailure };

/** Weights `3^i mod 31` for positions 1–17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Upper-case ASCII letters only, so the length never changes (unlike `toUpperCase` on e.g. `ß`). */
function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}

function fail(
  code: CreditCodeFailureCode,
  message: string,
  details: Record<string, unknown>,
): CreditCodeCheck {
  return { ok: false, failure: { code, message, details } };
}

/** Index of each character of the 17 in the alphabet, or the first offending position (0-based) and character. */
function values(chars: readonly string[]): { values: number[] } | { badIndex: number; badChar: string } {
  const out: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const v = ch.length === 1 ? CREDIT_CODE_ALPHABET.indexOf(ch) : -1;
    if (v < 0) return { badIndex: i, badChar: ch };
    out.push(v);
  }
  return { values: out };
}

/** Check character for 17 alphabet values (caller guarantees the length and range). */
function checkCharOf(vals: readonly number[]): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += vals[i]! * WEIGHTS[i]!;
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * Check character for the first 17 characters of a credit code: `ALPHA[(31 − Σ(vᵢ·3^i mod 31) mod 31) mod 31]`.
 * Lower-case ASCII letters are upper-cased first; throws `CREDIT_CODE_LENGTH` / `CREDIT_CODE_CHARSET` otherwise.
 */
export function creditCodeCheckChar(first17: string): string {
  const chars = [...asciiUpper(first17)];
  if (chars.length !== 17) {
    throw new DomainError(
      CREDIT_CODE_FAILURE.length,
      `计算校验码需要 17 位本体代码，实际为 ${chars.length} 位`,
      {
        expected: 17,
        actual: chars.length,
      },
    );
  }
  const v = values(chars);
  if ('badIndex' in v) {
    throw new DomainError(
      CREDIT_CODE_FAILURE.charset,
      `统一社会信用代码字符校验未通过：第 ${v.badIndex + 1} 位“${v.badChar}”不在代码字符集中`,
      { position: v.badIndex + 1, char: v.badChar },
    );
  }
  return checkCharOf(v.values);
}

/**
 * Validate a 统一社会信用代码 and split it into fields, reporting the first failed check.
 * Lower-case ASCII letters are accepted and upper-cased (the code is case-insensitive in practice; the
 * excluded letters I, O, S, V, Z stay rejected either way); whitespace is not trimmed.
 * The optional GB 11714 check on the 主体标识码 (positions 9–17) is deliberately not applied:
 * GB 32100 only defines the 18th-character check, and not every 主体标识码 is a GB 11714 code.
 */
export function validateCreditCode(input: string): CreditCodeCheck {
  const chars = [...asciiUpper(input)];
  if (chars.length !== 18) {
    return fail(
      CREDIT_CODE_FAILURE.length,
      `统一社会信用代码长度校验未通过：应为 18 位，实际为 ${chars.length} 位`,
      {
        expected: 18,
        actual: chars.length,
      },
    );
  }

  const v = values(chars);
  if ('badIndex' in v) {
    return fail(
      CREDIT_CODE_FAILURE.charset,
      `统一社会信用代码字符校验未通过：第 ${v.badIndex + 1} 位“${v.badChar}”不在代码字符集中（0-9 及除 I、O、S、V、Z 外的大写字母）`,
      { position: v.badIndex + 1, char: v.badChar },
    );
  }
  const code = chars.join('');

  const regionCode = code.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode)) {
    const offset = [...regionCode].findIndex((c) => c < '0' || c > '9');
    return fail(
      CREDIT_CODE_FAILURE.region,
      `统一社会信用代码行政区划码校验未通过：第 3–8 位应为 6 位数字，实际为“${regionCode}”`,
      { regionCode, position: offset + 3, char: regionCode[offset] },
    );
  }

  const expected = checkCharOf(v.values);
  const given = code[17]!;
  if (expected !== given) {
    return fail(
      CREDIT_CODE_FAILURE.checksum,
      `统一社会信用代码校验码校验未通过：第 18 位应为“${expected}”，实际为“${given}”`,
      { expected, actual: given },
    );
  }

  return {
    ok: true,
    value: {
      code,
      registrationAuthority: code[0]!,
      entityCategory: code[1]!,
      regionCode,
      organizationCode: code.slice(8, 17),
      checkChar: given,
    },
  };
}

/** Parse a 统一社会信用代码, throwing `DomainError(code, message, details)` for the first failed check. */
export function parseCreditCode(input: string): CreditCode {
  const result = validateCreditCode(input);
  if (!result.ok) throw new DomainError(result.failure.code, result.failure.message, result.failure.details);
  return result.value;
}
