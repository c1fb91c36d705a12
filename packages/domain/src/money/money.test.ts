import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  allocate,
  applyRatio,
  clamp,
  divide,
  divRatio,
  type Fen,
  fen,
  formatYuan,
  formatYuanCn,
  MONEY_ERROR,
  max,
  min,
  mulRatio,
  percent,
  type Ratio,
  ROUNDING_LABELS,
  RoundingMode,
  ratio,
  ratioFromDecimal,
  roundFen,
  sub,
  sum,
  yuan,
} from './index.ts';

const MODES = Object.values(RoundingMode);
const UNIT: Record<RoundingMode, bigint> = {
  HALF_UP_FEN: 1n,
  HALF_UP_JIAO: 10n,
  HALF_UP_YUAN: 100n,
  CEIL_FEN: 1n,
  CEIL_JIAO: 10n,
  CEIL_YUAN: 100n,
  FLOOR_FEN: 1n,
  FLOOR_JIAO: 10n,
  FLOOR_YUAN: 100n,
};

/**
 * Independent reference: the exact value n/d fen rounded with closed-form floor-division formulas on the
 * magnitude (HALF_UP = ⌊(2|n| + D) / 2D⌋, CEIL = ⌊(|n| + D − 1) / D⌋, FLOOR = ⌊|n| / D⌋ with D = d·unit).
 */
function referenceRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const unit = UNIT[mode];
  const D = d * unit;
  const sign = n < 0n ? -1n : 1n;
  const a = n < 0n ? -n : n;
  let q: bigint;
  if (mode.startsWith('HALF_UP')) q = (2n * a + D) / (2n * D);
  else if (mode.startsWith('CEIL')) q = (a + D - 1n) / D;
  else q = a / D;
  return sign * q * unit;
}

const isSafe = (v: bigint) => v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER);
const abs = (v: bigint) => (v < 0n ? -v : v);

function expectDomainError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe(code);
    return;
  }
  expect.fail(`expected DomainError ${code}`);
}

const amountArb = fc.oneof(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.maxSafeInteger());
const ratioArb = fc
  .tuple(fc.bigInt({ min: -1_000_000n, max: 1_000_000n }), fc.bigInt({ min: 1n, max: 1_000_000n }))
  .map(([num, den]) => ratio(num, den));
const modeArb = fc.constantFrom(...MODES);

describe('rounding modes — tables (exact value = amount / den fen)', () => {
  // [amount, den, expected]: the exact value amount/den fen rounded with the mode.
  const table: Record<RoundingMode, readonly (readonly [number, number, number])[]> = {
    HALF_UP_FEN: [
      [3, 2, 2], // 1.5 → 2
      [5, 2, 3], // 2.5 → 3 (half-up, not half-even)
      [1, 2, 1], // 0.5 → 1
      [149, 100, 1],
      [101, 100, 1],
      [4999, 10_000, 0],
      [-1, 2, -1], // −0.5 → −1 (symmetric, away from zero)
      [-3, 2, -2],
      [-5, 2, -3],
      [-149, 100, -1],
      [0, 7, 0],
      [7, 1, 7],
    ],
    HALF_UP_JIAO: [
      [15, 1, 20],
      [14, 1, 10],
      [29, 2, 10], // 14.5 fen → 1 角
      [5, 1, 10], // exactly half a 角
      [4999, 1000, 0],
      [-5, 1, -10],
      [-15, 1, -20],
      [-14, 1, -10],
      [0, 1, 0],
      [100, 1, 100],
    ],
    HALF_UP_YUAN: [
      [50, 1, 100], // exactly half a 元
      [49, 1, 0],
      [99, 2, 0], // 49.5 fen
      [150, 1, 200],
      [250, 1, 300],
      [316457, 1, 316500],
      [316449, 1, 316400],
      [-50, 1, -100],
      [-250, 1, -300],
      [-49, 1, 0],
    ],
    CEIL_FEN: [
      [3, 2, 2],
      [101, 100, 2],
      [1, 10_000, 1],
      [1, 2, 1],
      [-1, 10_000, -1], // away from zero
      [-101, 100, -2],
      [0, 3, 0],
      [7, 1, 7],
    ],
    CEIL_JIAO: [
      [11, 1, 20],
      [1, 1, 10],
      [10, 1, 10],
      [101, 10, 20], // 10.1 fen
      [-1, 1, -10],
      [-11, 1, -20],
      [0, 1, 0],
    ],
    CEIL_YUAN: [
      [1, 1, 100],
      [100, 1, 100],
      [316401, 1, 316500],
      [1, 3, 100],
      [-1, 1, -100],
      [-316401, 1, -316500],
      [0, 1, 0],
    ],
    FLOOR_FEN: [
      [3, 2, 1],
      [199, 100, 1],
      [1, 2, 0],
      [-3, 2, -1], // toward zero
      [-199, 100, -1],
      [7, 1, 7],
    ],
    FLOOR_JIAO: [
      [19, 1, 10],
      [9, 1, 0],
      [199, 10, 10], // 19.9 fen
      [-19, 1, -10],
      [-9, 1, 0],
      [20, 1, 20],
    ],
    FLOOR_YUAN: [
      [199, 1, 100],
      [99, 1, 0],
      [316499, 1, 316400],
      [-199, 1, -100],
      [-99, 1, 0],
      [300, 1, 300],
    ],
  };

  for (const mode of MODES) {
    it.each(table[mode])(`${mode} (${ROUNDING_LABELS[mode]}): %i/%i fen → %i`, (amount, den, expected) => {
      expect(applyRatio(amount, ratio(1, den), mode)).toBe(expected);
      if (den === 1) expect(roundFen(amount, mode)).toBe(expected);
      expect(divide(amount, den, mode)).toBe(expected);
    });
  }

  it('has a Chinese label for every mode', () => {
    expect(Object.keys(ROUNDING_LABELS).sort()).toEqual([...MODES].sort());
    expect(ROUNDING_LABELS.HALF_UP_FEN).toBe('四舍五入到分');
    expect(ROUNDING_LABELS.CEIL_YUAN).toBe('进位到元');
    expect(ROUNDING_LABELS.FLOOR_JIAO).toBe('舍去到角');
  });

  it('rejects an unknown rounding mode', () => {
    expectDomainError(() => roundFen(100, 'BANKERS' as RoundingMode), MONEY_ERROR.roundingInvalid);
    expectDomainError(() => roundFen(100, 'toString' as RoundingMode), MONEY_ERROR.roundingInvalid);
  });
});

describe('fen / yuan / formatYuan', () => {
  it('fen accepts safe integers and rejects everything else', () => {
    expect(fen(316407)).toBe(316407);
    expect(Object.is(fen(-0), 0)).toBe(true);
    expect(fen(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of [3164.07, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -(2 ** 53)]) {
      expectDomainError(() => fen(bad), MONEY_ERROR.notIntegerFen);
    }
  });

  it.each([
    ['3164', 316400],
    ['3164.5', 316450],
    ['3164.07', 316407],
    ['-12.30', -1230],
    ['-12.3', -1230],
    ['0', 0],
    ['0.01', 1],
    ['-0.01', -1],
    ['007.10', 710],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
    ['-90071992547409.91', Number.MIN_SAFE_INTEGER],
  ])('yuan(%j) = %i fen', (input, expected) => {
    expect(yuan(input)).toBe(expected);
  });

  it('yuan("-0") is +0', () => {
    expect(Object.is(yuan('-0'), 0)).toBe(true);
    expect(Object.is(yuan('-0.00'), 0)).toBe(true);
  });

  it.each(['1.234', '1.230', '0.001', '-12.345'])('yuan(%j) → MONEY_PRECISION', (input) => {
    expectDomainError(() => yuan(input), MONEY_ERROR.precision);
  });

  it.each([
    '1e3',
    '',
    'abc',
    ' 1',
    '1 ',
    '+1',
    '.5',
    '1.',
    '1,000',
    '１',
    '--1',
    '0x10',
    'Infinity',
    'NaN',
    '1.2.3',
    '¥1',
  ])('yuan(%j) → MONEY_YUAN_INVALID', (input) => {
    expectDomainError(() => yuan(input), MONEY_ERROR.yuanInvalid);
  });

  it('yuan rejects values beyond the safe range', () => {
    expectDomainError(() => yuan('90071992547409.92'), MONEY_ERROR.overflow);
    expectDomainError(() => yuan('-1000000000000000000'), MONEY_ERROR.overflow);
  });

  it.each([
    [316407, '3164.07'],
    [0, '0.00'],
    [5, '0.05'],
    [50, '0.50'],
    [-5, '-0.05'],
    [-1230, '-12.30'],
    [100, '1.00'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
    [Number.MIN_SAFE_INTEGER, '-90071992547409.91'],
  ])('formatYuan(%i) = %j', (amount, expected) => {
    expect(formatYuan(amount)).toBe(expected);
  });

  it('formatYuanCn appends 元 and formatYuan rejects non-integers', () => {
    expect(formatYuanCn(316407)).toBe('3164.07 元');
    expect(formatYuanCn(-1230)).toBe('-12.30 元');
    expectDomainError(() => formatYuan(1.5), MONEY_ERROR.notIntegerFen);
  });

  it('formatYuan(yuan(s)) round-trips canonical two-decimal strings', () => {
    const canonical = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 90071992547408n }), fc.integer({ min: 0, max: 99 }))
      .filter(([, whole, cents]) => whole !== 0n || cents !== 0)
      .map(([neg, whole, cents]) => `${neg ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`);
    fc.assert(
      fc.property(fc.oneof(canonical, fc.constant('0.00')), (s) => {
        expect(formatYuan(yuan(s))).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('yuan(formatYuan(f)) round-trips every safe fen amount', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (f) => {
        expect(yuan(formatYuan(f))).toBe(f);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ratios', () => {
  it('ratio normalises by gcd and sign', () => {
    expect(ratio(2, 3)).toEqual({ num: 2n, den: 3n });
    expect(ratio(10n, -4n)).toEqual({ num: -5n, den: 2n });
    expect(ratio(-6, -4)).toEqual({ num: 3n, den: 2n });
    expect(ratio(0, 5)).toEqual({ num: 0n, den: 1n });
    expect(ratio(7)).toEqual({ num: 7n, den: 1n });
  });

  it('ratio rejects zero denominators and non-integer numbers', () => {
    expectDomainError(() => ratio(1, 0), MONEY_ERROR.divisionByZero);
    expectDomainError(() => ratio(1.5, 2), MONEY_ERROR.ratioInvalid);
    expectDomainError(() => ratio(1, 21.75), MONEY_ERROR.ratioInvalid);
    expectDomainError(() => ratio(2 ** 53, 1), MONEY_ERROR.ratioInvalid);
  });

  it.each([
    ['150', 3n, 2n],
    ['100', 1n, 1n],
    ['0.05', 1n, 2000n],
    ['66.6667', 666667n, 1000000n],
    ['8', 2n, 25n],
    ['-5', -1n, 20n],
    ['0', 0n, 1n],
  ])('percent(%j) = %i/%i', (p, num, den) => {
    expect(percent(p)).toEqual({ num, den });
  });

  it('percent and ratioFromDecimal read numbers at their shortest decimal', () => {
    expect(percent(150)).toEqual({ num: 3n, den: 2n });
    expect(percent(0.05)).toEqual(percent('0.05'));
    expect(percent(1e-7)).toEqual({ num: 1n, den: 1_000_000_000n });
    expect(ratioFromDecimal(1e21)).toEqual({ num: 10n ** 21n, den: 1n });
    expect(ratioFromDecimal(0.1)).toEqual({ num: 1n, den: 10n });
  });

  it('ratioFromDecimal is exact', () => {
    expect(ratioFromDecimal('21.75')).toEqual({ num: 87n, den: 4n });
    expect(ratioFromDecimal('-0.5')).toEqual({ num: -1n, den: 2n });
    expect(ratioFromDecimal('3')).toEqual({ num: 3n, den: 1n });
  });

  it.each(['1e3', '', ' 1', '.5', '1.', '+1', 'abc', '50%'])('percent(%j) → MONEY_RATIO_INVALID', (p) => {
    expectDomainError(() => percent(p), MONEY_ERROR.ratioInvalid);
    expectDomainError(() => ratioFromDecimal(p), MONEY_ERROR.ratioInvalid);
  });

  it('rejects non-finite numbers as decimals', () => {
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expectDomainError(() => percent(n), MONEY_ERROR.ratioInvalid);
    }
  });

  it('mulRatio / divRatio are exact and reduced', () => {
    expect(mulRatio(percent('0.05'), ratio(17))).toEqual({ num: 17n, den: 2000n });
    expect(mulRatio(ratio(2, 3), ratio(3, 4))).toEqual({ num: 1n, den: 2n });
    expect(divRatio(ratio(1), ratioFromDecimal('21.75'))).toEqual({ num: 4n, den: 87n });
    expect(divRatio(ratio(1, 2), ratio(-1, 4))).toEqual({ num: -2n, den: 1n });
    expectDomainError(() => divRatio(ratio(1), ratio(0)), MONEY_ERROR.divisionByZero);
  });

  it('rejects malformed ratio literals', () => {
    const bad = [
      { num: 1n, den: 0n },
      { num: 1n, den: -2n },
      { num: 1, den: 2n },
    ] as unknown as Ratio[];
    for (const r of bad) {
      expectDomainError(() => applyRatio(100, r, RoundingMode.HALF_UP_FEN), MONEY_ERROR.ratioInvalid);
      expectDomainError(() => mulRatio(r, ratio(1)), MONEY_ERROR.ratioInvalid);
    }
    // Unreduced literals are fine: only den > 0 is required.
    expect(applyRatio(100, { num: 2n, den: 4n }, RoundingMode.HALF_UP_FEN)).toBe(50);
  });
});

describe('applyRatio / divide / roundFen — properties', () => {
  it('applyRatio agrees with the BigInt reference (or reports overflow)', () => {
    fc.assert(
      fc.property(amountArb, ratioArb, modeArb, (amount, r, mode) => {
        const expected = referenceRound(BigInt(amount) * r.num, r.den, mode);
        if (isSafe(expected)) {
          const got = applyRatio(amount, r, mode);
          expect(got).toBe(Number(expected));
          expect(BigInt(got) % UNIT[mode]).toBe(0n);
        } else {
          expectDomainError(() => applyRatio(amount, r, mode), MONEY_ERROR.overflow);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('divide agrees with the BigInt reference', () => {
    fc.assert(
      fc.property(
        amountArb,
        ratioArb.filter((r) => r.num !== 0n),
        modeArb,
        (amount, r, mode) => {
          const sign = r.num < 0n ? -1n : 1n;
          const expected = referenceRound(sign * BigInt(amount) * r.den, sign * r.num, mode);
          if (isSafe(expected)) expect(divide(amount, r, mode)).toBe(Number(expected));
          else expectDomainError(() => divide(amount, r, mode), MONEY_ERROR.overflow);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('HALF_UP results are within half a unit of the exact value', () => {
    const halfUp = fc.constantFrom(
      RoundingMode.HALF_UP_FEN,
      RoundingMode.HALF_UP_JIAO,
      RoundingMode.HALF_UP_YUAN,
    );
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), ratioArb, halfUp, (amount, r, mode) => {
        const got = BigInt(applyRatio(amount, r, mode));
        // |got − amount·num/den| ≤ unit/2  ⇔  2·|got·den − amount·num| ≤ unit·den
        expect(2n * abs(got * r.den - BigInt(amount) * r.num) <= UNIT[mode] * r.den).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('CEIL is never below the exact value (in magnitude; never below at all for non-negative values)', () => {
    const ceil = fc.constantFrom(RoundingMode.CEIL_FEN, RoundingMode.CEIL_JIAO, RoundingMode.CEIL_YUAN);
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), ratioArb, ceil, (amount, r, mode) => {
        const got = BigInt(applyRatio(amount, r, mode));
        const exactNum = BigInt(amount) * r.num; // exact value = exactNum / den
        if (exactNum >= 0n) expect(got * r.den >= exactNum).toBe(true);
        expect(abs(got * r.den) >= abs(exactNum)).toBe(true);
        expect(abs(got * r.den - exactNum) < UNIT[mode] * r.den).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('FLOOR never exceeds the exact value in magnitude', () => {
    const floor = fc.constantFrom(RoundingMode.FLOOR_FEN, RoundingMode.FLOOR_JIAO, RoundingMode.FLOOR_YUAN);
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), ratioArb, floor, (amount, r, mode) => {
        const got = BigInt(applyRatio(amount, r, mode));
        const exactNum = BigInt(amount) * r.num;
        expect(abs(got * r.den) <= abs(exactNum)).toBe(true);
        expect(abs(got * r.den - exactNum) < UNIT[mode] * r.den).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('every mode is symmetric: round(−x) = −round(x)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), ratioArb, modeArb, (amount, r, mode) => {
        expect(applyRatio(-amount, r, mode)).toBe(-applyRatio(amount, r, mode) || 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('roundFen is idempotent and leaves fen modes unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), modeArb, (amount, mode) => {
        const once = roundFen(amount, mode);
        expect(roundFen(once, mode)).toBe(once);
        if (UNIT[mode] === 1n) expect(once).toBe(amount);
      }),
    );
  });

  it('divide accepts bigint and integer divisors and rejects zero / fractional ones', () => {
    expect(divide(1000, 3, RoundingMode.FLOOR_FEN)).toBe(333);
    expect(divide(1000, 3n, RoundingMode.CEIL_FEN)).toBe(334);
    expect(divide(1000, -3, RoundingMode.HALF_UP_FEN)).toBe(-333);
    expect(divide(-1000, -8, RoundingMode.HALF_UP_FEN)).toBe(125);
    expectDomainError(() => divide(1000, 0, RoundingMode.HALF_UP_FEN), MONEY_ERROR.divisionByZero);
    expectDomainError(() => divide(1000, 0n, RoundingMode.HALF_UP_FEN), MONEY_ERROR.divisionByZero);
    expectDomainError(() => divide(1000, ratio(0), RoundingMode.HALF_UP_FEN), MONEY_ERROR.divisionByZero);
    expectDomainError(() => divide(1000, 21.75, RoundingMode.HALF_UP_FEN), MONEY_ERROR.ratioInvalid);
    expectDomainError(() => divide(1.5, 2, RoundingMode.HALF_UP_FEN), MONEY_ERROR.notIntegerFen);
  });
});

describe('arithmetic', () => {
  it('sum / sub are exact and check the safe range', () => {
    expect(sum()).toBe(0);
    expect(sum(yuan('1.10'), yuan('2.20'))).toBe(330);
    expect(sum(Number.MAX_SAFE_INTEGER, 1, -2)).toBe(Number.MAX_SAFE_INTEGER - 1); // intermediate is unsafe
    expectDomainError(() => sum(Number.MAX_SAFE_INTEGER, 1), MONEY_ERROR.overflow);
    expectDomainError(() => sum(1, 0.5), MONEY_ERROR.notIntegerFen);
    expect(sub(yuan('10.00'), yuan('0.01'))).toBe(999);
    expectDomainError(() => sub(Number.MIN_SAFE_INTEGER, 1), MONEY_ERROR.overflow);
  });

  it('min / max / clamp', () => {
    expect(min(500, 300, 400)).toBe(300);
    expect(max(500, 300, 400)).toBe(500);
    expect(min(-1)).toBe(-1);
    expectDomainError(() => max(1, Number.NaN), MONEY_ERROR.notIntegerFen);
    expect(clamp(yuan('2000'), yuan('4000'), yuan('20000'))).toBe(400000);
    expect(clamp(yuan('30000'), yuan('4000'), yuan('20000'))).toBe(2000000);
    expect(clamp(yuan('5000'), yuan('4000'), yuan('20000'))).toBe(500000);
    expect(clamp(5, 5, 5)).toBe(5);
    expectDomainError(() => clamp(1, 10, 5), MONEY_ERROR.rangeInvalid);
  });
});

describe('allocate', () => {
  it('splits with the largest remainder, ties to the earlier index', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(100000, [2, 1])).toEqual([66667, 33333]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(5, [0, 1, 0, 1])).toEqual([0, 3, 0, 2]);
    expect(allocate(0, [1, 2])).toEqual([0, 0]);
    expect(allocate(7, [10n ** 30n, 1n])).toEqual([7, 0]);
  });

  it('rejects empty, all-zero, negative or fractional weights', () => {
    for (const w of [[], [0, 0], [1, -1], [1.5], [-1n]]) {
      expectDomainError(() => allocate(100, w), MONEY_ERROR.weightsInvalid);
    }
  });

  it('parts sum to the total, each within 1 fen of its proportional share', () => {
    fc.assert(
      fc.property(
        amountArb,
        fc
          .array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 20 })
          .filter((ws) => ws.some((w) => w > 0)),
        (total, weights) => {
          const parts = allocate(total, weights);
          expect(parts).toHaveLength(weights.length);
          expect(parts.reduce((s, p) => s + BigInt(p), 0n)).toBe(BigInt(total));
          const W = BigInt(weights.reduce((s, w) => s + w, 0));
          parts.forEach((p, i) => {
            const w = BigInt(weights[i]!);
            // |p − total·w/W| < 1  ⇔  |p·W − total·w| < W
            expect(abs(BigInt(p) * W - BigInt(total) * w) < W).toBe(true);
            if (w === 0n) expect(p).toBe(0);
          });
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('worked examples', () => {
  it('daily wage: 5000.00 元 monthly ÷ 21.75 = 229.885… → 229.89 元 (四舍五入到分)', () => {
    const monthly: Fen = yuan('5000.00');
    const daily = divide(monthly, ratioFromDecimal('21.75'), RoundingMode.HALF_UP_FEN);
    expect(daily).toBe(22989);
    expect(formatYuan(daily)).toBe('229.89');
    // the same through the reciprocal ratio 4/87
    expect(applyRatio(monthly, divRatio(ratio(1), ratioFromDecimal('21.75')), RoundingMode.HALF_UP_FEN)).toBe(
      22989,
    );
    expect(divide(monthly, ratioFromDecimal('21.75'), RoundingMode.FLOOR_FEN)).toBe(22988);
  });

  it('late fee: 0.05%/day on 10000.00 元 for 17 days = 85.00 元', () => {
    const fee = applyRatio(yuan('10000.00'), mulRatio(percent('0.05'), ratio(17)), RoundingMode.HALF_UP_FEN);
    expect(fee).toBe(8500);
    expect(formatYuanCn(fee)).toBe('85.00 元');
  });

  it('150% of 3000 元 and 2/3 of 10 元 rounded to 角', () => {
    expect(applyRatio(yuan('3000'), percent('150'), RoundingMode.HALF_UP_FEN)).toBe(450000);
    expect(applyRatio(1000, ratio(2, 3), RoundingMode.HALF_UP_JIAO)).toBe(670);
    expect(roundFen(316457, RoundingMode.HALF_UP_YUAN)).toBe(316500);
  });
});
