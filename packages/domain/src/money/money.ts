/**
 * Exact money for benefit calculations. An amount is an integer count of 分 (fen) held in a `number` that must
 * stay a safe integer; floats never carry money. Rates and ratios (150%, 2/3, 1/21.75 = 4/87, 0.05%/day) are
 * exact rationals of BigInts, so a product or quotient is computed exactly in BigInt and rounded **once**, with a
 * named {@link RoundingMode} whose Chinese label ({@link ROUNDING_LABELS}) can be quoted in an explanation.
 *
 * Negative amounts are rounded symmetrically: every mode acts on the magnitude and the sign is put back, so
 * `round(-x) === -round(x)` for every mode (half-up and 进位 go away from zero, 舍去 goes toward zero).
 *
 * Every function is pure and throws {@link DomainError} with a code from {@link MONEY_ERROR} on bad input or on
 * a result outside the safe-integer range.
 */
import { DomainError } from '../errors.ts';

/** Stable error codes thrown by the money functions. */
export const MONEY_ERROR = {
  /** A value used as an amount is not a safe integer count of fen. */
  notIntegerFen: 'MONEY_NOT_INTEGER_FEN',
  /** A yuan string has more than two decimals (finer than 1 分). */
  precision: 'MONEY_PRECISION',
  /** A yuan string is not a plain decimal like `3164.07`. */
  yuanInvalid: 'MONEY_YUAN_INVALID',
  /** A result (or a parsed yuan string) falls outside the safe-integer range of fen. */
  overflow: 'MONEY_OVERFLOW',
  /** A ratio, percentage, decimal or divisor is malformed (non-integer number, bad decimal string, den ≤ 0). */
  ratioInvalid: 'MONEY_RATIO_INVALID',
  /** Division by zero (a zero divisor or a ratio with numerator 0 used as a divisor). */
  divisionByZero: 'MONEY_DIVISION_BY_ZERO',
  /** `clamp` called with `lo > hi`. */
  rangeInvalid: 'MONEY_RANGE_INVALID',
  /** `allocate` weights are empty, negative, non-integer or all zero. */
  weightsInvalid: 'MONEY_WEIGHTS_INVALID',
  /** An unknown rounding mode (e.g. a stale string read from storage). */
  roundingInvalid: 'MONEY_ROUNDING_INVALID',
} as const;

// ---------------------------------------------------------------------------------------------------------
// Fen
// ---------------------------------------------------------------------------------------------------------

/**
 * An amount of money as a count of 分 (fen, 0.01 元): always a safe integer (`Number.isSafeInteger`), which
 * covers ±90 万亿元. Build one with {@link fen} or {@link yuan}.
 *
 * @example const pension: Fen = yuan('3164.07'); // 316407
 */
export type Fen = number;

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Asserts that `n` is a safe integer count of fen and returns it (`-0` becomes `0`).
 * Throws `MONEY_NOT_INTEGER_FEN` for fractions, NaN, ±Infinity and integers beyond ±(2^53 − 1).
 *
 * @example fen(316407) // 316407
 * @example fen(3164.07) // throws DomainError('MONEY_NOT_INTEGER_FEN')
 */
export function fen(n: number): Fen {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new DomainError(MONEY_ERROR.notIntegerFen, `金额必须是以分为单位的安全整数：${String(n)}`, {
      value: String(n),
    });
  }
  return n === 0 ? 0 : n;
}

/** Converts an exact BigInt count of fen back to a `Fen`, throwing `MONEY_OVERFLOW` when it is not safe. */
function fromBig(v: bigint, op: string): Fen {
  if (v < MIN_SAFE || v > MAX_SAFE) {
    throw new DomainError(MONEY_ERROR.overflow, `金额超出可精确表示的范围（${op}）：${v} 分`, {
      op,
      fen: v.toString(),
    });
  }
  return Number(v);
}

const YUAN_RE = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal yuan string exactly into fen: optional `-`, digits, optionally `.` and one or two decimals.
 * No floats are involved. Throws `MONEY_PRECISION` for more than two decimals (even `'1.230'`: the input must
 * already be at 分 precision), `MONEY_YUAN_INVALID` for anything else that is not that shape (empty, spaces,
 * `+`, exponents, thousands separators, `'.5'`, `'1.'`), and `MONEY_OVERFLOW` beyond the safe range.
 *
 * @example yuan('3164.07') // 316407
 * @example yuan('-12.3') // -1230
 */
export function yuan(str: string): Fen {
  const m = typeof str === 'string' ? YUAN_RE.exec(str) : null;
  if (!m) {
    throw new DomainError(MONEY_ERROR.yuanInvalid, `金额格式应为元，如 3164.07：${String(str)}`, {
      input: String(str),
    });
  }
  const [, sign, whole = '', frac = ''] = m;
  if (frac.length > 2) {
    throw new DomainError(MONEY_ERROR.precision, `金额最多精确到分（两位小数）：${str}`, { input: str });
  }
  const magnitude = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0'));
  return fromBig(sign === '-' ? -magnitude : magnitude, 'yuan');
}

/**
 * Formats fen as plain yuan with exactly two decimals: no thousands separators, `-` for negatives.
 * The inverse of {@link yuan} on canonical strings.
 *
 * @example formatYuan(316407) // '3164.07'
 * @example formatYuan(-5) // '-0.05'
 */
export function formatYuan(amount: Fen): string {
  const n = fen(amount);
  const abs = Math.abs(n);
  const cents = abs % 100;
  const whole = (abs - cents) / 100;
  return `${n < 0 ? '-' : ''}${whole}.${cents.toString().padStart(2, '0')}`;
}

/**
 * Formats fen as yuan followed by ` 元`, for Chinese explanations and notices.
 *
 * @example formatYuanCn(316407) // '3164.07 元'
 */
export function formatYuanCn(amount: Fen): string {
  return `${formatYuan(amount)} 元`;
}

// ---------------------------------------------------------------------------------------------------------
// Ratio
// ---------------------------------------------------------------------------------------------------------

/**
 * An exact rational rate `num / den` with `den > 0`. Values built by {@link ratio} and friends are in lowest
 * terms, so equal ratios are structurally equal (`{ num: 4n, den: 87n }` is 1/21.75).
 *
 * @example const replacement: Ratio = percent('150'); // { num: 3n, den: 2n }
 */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

function ratioError(message: string, details: Record<string, unknown>): DomainError {
  return new DomainError(MONEY_ERROR.ratioInvalid, message, details);
}

/** An integer as a BigInt: a bigint as is, a number only when it is a safe integer. */
function toBigInt(v: number | bigint, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  throw ratioError(`${what}必须是整数（小数请用 ratioFromDecimal / percent）：${String(v)}`, {
    value: String(v),
  });
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Lowest terms with a positive denominator; `den` must already be known non-zero. */
function normalise(num: bigint, den: bigint): Ratio {
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den);
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/** Checks a caller-supplied ratio (possibly a hand-written literal) and returns it unchanged. */
function assertRatio(r: Ratio): Ratio {
  if (
    r === null ||
    typeof r !== 'object' ||
    typeof r.num !== 'bigint' ||
    typeof r.den !== 'bigint' ||
    r.den <= 0n
  ) {
    throw ratioError('比率应为 { num: bigint, den: bigint } 且分母大于 0', {
      num: String(r?.num),
      den: String(r?.den),
    });
  }
  return r;
}

/**
 * The exact ratio `num / den` in lowest terms with a positive denominator. Numbers must be safe integers
 * (use {@link ratioFromDecimal} or {@link percent} for decimals). Throws `MONEY_DIVISION_BY_ZERO` when `den` is 0.
 *
 * @example ratio(2, 3) // { num: 2n, den: 3n }
 * @example ratio(10n, -4n) // { num: -5n, den: 2n }
 */
export function ratio(num: number | bigint, den: number | bigint = 1n): Ratio {
  const n = toBigInt(num, '分子');
  const d = toBigInt(den, '分母');
  if (d === 0n) {
    throw new DomainError(MONEY_ERROR.divisionByZero, `比率的分母不能为 0：${n}/0`, { num: n.toString() });
  }
  return normalise(n, d);
}

const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?$/;
/** Shapes `String(number)` can produce for a finite number, exponent form included (`1e-7`, `1.5e+21`). */
const NUMBER_STRING_RE = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/** Parses a decimal into an exact ratio; `scaleDown` divides by a further power of ten (2 for percent). */
function parseDecimal(input: string | number, scaleDown: number, what: string): Ratio {
  let m: RegExpExecArray | null = null;
  if (typeof input === 'string') m = DECIMAL_RE.exec(input);
  else if (typeof input === 'number' && Number.isFinite(input)) m = NUMBER_STRING_RE.exec(String(input));
  if (!m) {
    throw ratioError(`${what}应为十进制数，如 21.75：${String(input)}`, { input: String(input) });
  }
  const [, sign, whole = '', frac = '', exp = '0'] = m;
  let num = BigInt(whole + frac) * (sign === '-' ? -1n : 1n);
  let den = 10n ** BigInt(frac.length + scaleDown);
  const e = Number(exp);
  if (e > 0) num *= 10n ** BigInt(e);
  else den *= 10n ** BigInt(-e);
  return normalise(num, den);
}

/**
 * The exact ratio for a decimal string such as `'21.75'` (→ 87/4). Only `-?digits(.digits)?` is accepted for
 * strings; a number is read at its shortest round-trip decimal (`String(n)`), so `ratioFromDecimal(0.1)` is
 * exactly 1/10 — but prefer strings, since a computed float like `0.1 + 0.2` carries its binary error along.
 *
 * @example ratioFromDecimal('21.75') // { num: 87n, den: 4n }
 */
export function ratioFromDecimal(decimal: string | number): Ratio {
  return parseDecimal(decimal, 0, '小数');
}

/**
 * The exact ratio for a percentage given as a decimal: `'150'` → 3/2, `'0.05'` → 1/2000, `'66.6667'` →
 * 666667/1000000. Numbers are read as in {@link ratioFromDecimal}.
 *
 * @example percent('0.05') // { num: 1n, den: 2000n } (0.05% per day late fee)
 */
export function percent(p: string | number): Ratio {
  return parseDecimal(p, 2, '百分比');
}

/**
 * The exact product `a × b`, in lowest terms.
 *
 * @example mulRatio(percent('0.05'), ratio(17)) // 17/2000 (17 days at 0.05%/day)
 */
export function mulRatio(a: Ratio, b: Ratio): Ratio {
  assertRatio(a);
  assertRatio(b);
  return normalise(a.num * b.num, a.den * b.den);
}

/**
 * The exact quotient `a ÷ b`, in lowest terms. Throws `MONEY_DIVISION_BY_ZERO` when `b` is 0.
 *
 * @example divRatio(ratio(1), ratioFromDecimal('21.75')) // { num: 4n, den: 87n }
 */
export function divRatio(a: Ratio, b: Ratio): Ratio {
  assertRatio(a);
  assertRatio(b);
  if (b.num === 0n) throw new DomainError(MONEY_ERROR.divisionByZero, '除数比率不能为 0', {});
  return normalise(a.num * b.den, a.den * b.num);
}

// ---------------------------------------------------------------------------------------------------------
// Rounding
// ---------------------------------------------------------------------------------------------------------

/**
 * Named rounding rules. Each rounds to a unit — 分 (1 fen), 角 (10 fen) or 元 (100 fen) — and always yields
 * an integer count of fen that is a multiple of that unit. Negative amounts are symmetric (the rule is applied
 * to the magnitude):
 *
 * - `HALF_UP_*` 四舍五入: nearest unit; an exact half goes away from zero (−0.5 分 → −1 分).
 * - `CEIL_*` 进位: any remainder rounds the magnitude up, i.e. toward +∞ for positive amounts and away from
 *   zero for negative ones (−0.1 分 → −1 分), so a payment rounded this way is never less than owed.
 * - `FLOOR_*` 舍去: the remainder is dropped, i.e. truncation toward zero (−0.9 分 → 0 分).
 *
 * The string values are stable and safe to store.
 *
 * @example applyRatio(100, ratio(1, 3), RoundingMode.CEIL_FEN) // 34
 */
export const RoundingMode = {
  HALF_UP_FEN: 'HALF_UP_FEN',
  HALF_UP_JIAO: 'HALF_UP_JIAO',
  HALF_UP_YUAN: 'HALF_UP_YUAN',
  CEIL_FEN: 'CEIL_FEN',
  CEIL_JIAO: 'CEIL_JIAO',
  CEIL_YUAN: 'CEIL_YUAN',
  FLOOR_FEN: 'FLOOR_FEN',
  FLOOR_JIAO: 'FLOOR_JIAO',
  FLOOR_YUAN: 'FLOOR_YUAN',
} as const;

/**
 * One of the {@link RoundingMode} values.
 *
 * @example const mode: RoundingMode = RoundingMode.HALF_UP_YUAN;
 */
export type RoundingMode = (typeof RoundingMode)[keyof typeof RoundingMode];

/**
 * Chinese label of each rounding mode, for explanations shown to applicants and staff.
 *
 * @example `日工资 ${formatYuanCn(v)}（${ROUNDING_LABELS[RoundingMode.HALF_UP_FEN]}）` // …（四舍五入到分）
 */
export const ROUNDING_LABELS: Readonly<Record<RoundingMode, string>> = {
  HALF_UP_FEN: '四舍五入到分',
  HALF_UP_JIAO: '四舍五入到角',
  HALF_UP_YUAN: '四舍五入到元',
  CEIL_FEN: '进位到分',
  CEIL_JIAO: '进位到角',
  CEIL_YUAN: '进位到元',
  FLOOR_FEN: '舍去到分',
  FLOOR_JIAO: '舍去到角',
  FLOOR_YUAN: '舍去到元',
};

type Rule = 'HALF_UP' | 'CEIL' | 'FLOOR';

const MODE_SPEC: Readonly<Record<RoundingMode, { readonly rule: Rule; readonly unit: bigint }>> = {
  HALF_UP_FEN: { rule: 'HALF_UP', unit: 1n },
  HALF_UP_JIAO: { rule: 'HALF_UP', unit: 10n },
  HALF_UP_YUAN: { rule: 'HALF_UP', unit: 100n },
  CEIL_FEN: { rule: 'CEIL', unit: 1n },
  CEIL_JIAO: { rule: 'CEIL', unit: 10n },
  CEIL_YUAN: { rule: 'CEIL', unit: 100n },
  FLOOR_FEN: { rule: 'FLOOR', unit: 1n },
  FLOOR_JIAO: { rule: 'FLOOR', unit: 10n },
  FLOOR_YUAN: { rule: 'FLOOR', unit: 100n },
};

function modeSpec(mode: RoundingMode): { readonly rule: Rule; readonly unit: bigint } {
  const spec = Object.hasOwn(MODE_SPEC, mode) ? MODE_SPEC[mode] : undefined;
  if (!spec) {
    throw new DomainError(MONEY_ERROR.roundingInvalid, `未知的舍入方式：${String(mode)}`, {
      mode: String(mode),
    });
  }
  return spec;
}

/**
 * The exact fen value `n / d` (d > 0) rounded with `mode`, as fen. The single rounding step of this module:
 * divide the magnitude by `d × unit`, adjust the quotient by the rule, scale back by `unit`, restore the sign.
 */
function roundQuotient(n: bigint, d: bigint, mode: RoundingMode, op: string): Fen {
  const { rule, unit } = modeSpec(mode);
  const divisor = d * unit;
  const negative = n < 0n;
  const magnitude = negative ? -n : n;
  let q = magnitude / divisor;
  const r = magnitude % divisor;
  if (rule === 'HALF_UP' ? 2n * r >= divisor : rule === 'CEIL' ? r > 0n : false) q += 1n;
  const result = q * unit;
  return fromBig(negative ? -result : result, op);
}

/**
 * `amount × r`, computed exactly in BigInt and rounded once with `mode`.
 *
 * @example applyRatio(yuan('3000'), percent('150'), RoundingMode.HALF_UP_FEN) // 450000 (4500.00 元)
 * @example applyRatio(1000, ratio(2, 3), RoundingMode.HALF_UP_JIAO) // 670 (6.666… 元 → 6.70 元)
 */
export function applyRatio(amount: Fen, r: Ratio, mode: RoundingMode): Fen {
  const a = BigInt(fen(amount));
  assertRatio(r);
  return roundQuotient(a * r.num, r.den, mode, 'applyRatio');
}

/**
 * `amount ÷ divisor`, computed exactly and rounded once with `mode`. The divisor is a {@link Ratio}, a bigint or
 * a safe-integer number (write decimals as `ratioFromDecimal('21.75')`, never as a float). Throws
 * `MONEY_DIVISION_BY_ZERO` for a zero divisor.
 *
 * @example divide(yuan('5000.00'), ratioFromDecimal('21.75'), RoundingMode.HALF_UP_FEN) // 22989 (229.89 元)
 * @example divide(1000, 3, RoundingMode.FLOOR_FEN) // 333
 */
export function divide(amount: Fen, divisor: Ratio | bigint | number, mode: RoundingMode): Fen {
  const a = BigInt(fen(amount));
  const r = typeof divisor === 'object' ? assertRatio(divisor) : ratio(toBigInt(divisor, '除数'));
  if (r.num === 0n) {
    throw new DomainError(MONEY_ERROR.divisionByZero, `除数不能为 0（被除数 ${a} 分）`, {
      amount: Number(a),
    });
  }
  // a ÷ (num/den) = a·den / num; move the sign onto the numerator so the divisor stays positive.
  const sign = r.num < 0n ? -1n : 1n;
  return roundQuotient(sign * a * r.den, sign * r.num, mode, 'divide');
}

/**
 * Rounds an integer fen amount to the unit of `mode` (分 modes return it unchanged).
 *
 * @example roundFen(316457, RoundingMode.HALF_UP_YUAN) // 316500 (3165.00 元)
 * @example roundFen(-15, RoundingMode.HALF_UP_JIAO) // -20
 */
export function roundFen(amount: Fen, mode: RoundingMode): Fen {
  return roundQuotient(BigInt(fen(amount)), 1n, mode, 'roundFen');
}

// ---------------------------------------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------------------------------------

/**
 * The exact sum of any number of amounts (0 for none). Accumulates in BigInt, so only the final result must
 * be safe; throws `MONEY_OVERFLOW` otherwise.
 *
 * @example sum(yuan('1.10'), yuan('2.20')) // 330
 */
export function sum(...amounts: Fen[]): Fen {
  let total = 0n;
  for (const a of amounts) total += BigInt(fen(a));
  return fromBig(total, 'sum');
}

/**
 * `a − b`, exactly; throws `MONEY_OVERFLOW` when the result is not safe.
 *
 * @example sub(yuan('10.00'), yuan('0.01')) // 999
 */
export function sub(a: Fen, b: Fen): Fen {
  return fromBig(BigInt(fen(a)) - BigInt(fen(b)), 'sub');
}

/**
 * The smallest of one or more amounts.
 *
 * @example min(500, 300, 400) // 300
 */
export function min(first: Fen, ...rest: Fen[]): Fen {
  let best = fen(first);
  for (const a of rest) {
    const v = fen(a);
    if (v < best) best = v;
  }
  return best;
}

/**
 * The largest of one or more amounts.
 *
 * @example max(500, 300, 400) // 500
 */
export function max(first: Fen, ...rest: Fen[]): Fen {
  let best = fen(first);
  for (const a of rest) {
    const v = fen(a);
    if (v > best) best = v;
  }
  return best;
}

/**
 * `amount` limited to `[lo, hi]` — e.g. a contribution base between 60% and 300% of the average wage.
 * Throws `MONEY_RANGE_INVALID` when `lo > hi`.
 *
 * @example clamp(yuan('2000'), yuan('4000'), yuan('20000')) // 400000
 */
export function clamp(amount: Fen, lo: Fen, hi: Fen): Fen {
  const [a, l, h] = [fen(amount), fen(lo), fen(hi)];
  if (l > h) {
    throw new DomainError(MONEY_ERROR.rangeInvalid, `下限 ${formatYuan(l)} 大于上限 ${formatYuan(h)}`, {
      lo: l,
      hi: h,
    });
  }
  return a < l ? l : a > h ? h : a;
}

/**
 * Splits `total` into parts proportional to `weights` (non-negative safe integers or bigints, not all zero) so
 * that the parts sum to exactly `total`. Largest-remainder method: each part starts at the truncated
 * proportional share; the fen left over go one each to the largest remainders, ties to the earlier index.
 * Each part is therefore within 1 fen of its exact share, and a zero weight always gets 0. A negative total is
 * split as its magnitude and negated (symmetric).
 *
 * @example allocate(100, [1, 1, 1]) // [34, 33, 33]
 * @example allocate(yuan('1000'), [2, 1]) // [66667, 33333]
 */
export function allocate(total: Fen, weights: readonly (number | bigint)[]): Fen[] {
  const t = BigInt(fen(total));
  const ws = weights.map((w) => {
    const b = typeof w === 'bigint' ? w : typeof w === 'number' && Number.isSafeInteger(w) ? BigInt(w) : -1n;
    if (b < 0n) {
      throw new DomainError(MONEY_ERROR.weightsInvalid, `分摊权重必须是非负整数：${String(w)}`, {
        weight: String(w),
      });
    }
    return b;
  });
  const weightSum = ws.reduce((s, w) => s + w, 0n);
  if (weightSum === 0n) {
    throw new DomainError(MONEY_ERROR.weightsInvalid, '分摊权重不能为空或全为 0', { count: ws.length });
  }
  const magnitude = t < 0n ? -t : t;
  const parts = ws.map((w) => (magnitude * w) / weightSum);
  const remainders = ws.map((w, i) => ({ i, r: (magnitude * w) % weightSum }));
  let leftover = magnitude - parts.reduce((s, p) => s + p, 0n);
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of remainders) {
    if (leftover === 0n) break;
    parts[i]! += 1n;
    leftover -= 1n;
  }
  return parts.map((p) => fromBig(t < 0n ? -p : p, 'allocate'));
}
