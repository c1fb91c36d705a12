/**
 * Test and benchmark helpers for the catalogue: a seeded PRNG and the S2 sample beneficiary used by the
 * engine, API and CLI tests (one fixture, not a copy per test).
 */

/** Deterministic PRNG (mulberry32): a failure reproduces from its seed. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A grade-1 worker on 2900.00 元 a month since 2019 (the S2 example: raised to the 3164.00 元 floor). */
export const S2_GRADE1_INPUTS = Object.freeze({
  category: 'grade_1',
  allowanceBefore: '2900.00',
  careLevel: 'none',
  nursingBefore: '0',
  dependantsBefore: '0',
  spouseDependants: 0,
  otherDependants: 0,
  firstPaidDate: '2019-05-01',
  oneTimeSettled: false,
  retired: false,
  pensionAfterAdjustment: '0',
});
