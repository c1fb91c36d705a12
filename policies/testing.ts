/**
 * Test and benchmark helpers for the catalogue: a seeded PRNG, the S2 sample beneficiary used by the
 * engine, API and CLI tests, and random S2 beneficiaries for the batch test and the API bench (one
 * fixture, not a copy per test).
 */
import { fromEpochDay } from '@renshe/domain/dates.ts';

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

const CATEGORIES = [
  'none',
  'grade_1',
  'grade_2',
  'grade_3',
  'grade_4',
  'grade_5',
  'grade_6',
  'old_complete',
  'old_most',
];
const CARE = ['none', 'complete', 'most', 'partial'];

/** A random S2 beneficiary (money in fen), biased towards the floors and the cutoff date. */
export function randomBeneficiary(rand: () => number) {
  const near = (centre: number, spread: number) => Math.max(0, Math.round(centre + (rand() - 0.5) * spread));
  return {
    category: CATEGORIES[Math.floor(rand() * CATEGORIES.length)]!,
    allowanceBefore: rand() < 0.1 ? 0 : near(300000, 80000),
    careLevel: CARE[Math.floor(rand() * CARE.length)]!,
    nursingBefore: rand() < 0.3 ? 0 : near(250000, 150000),
    dependantsBefore: rand() < 0.5 ? 0 : near(200000, 200000),
    spouseDependants: rand() < 0.5 ? 1 : 0,
    otherDependants: Math.floor(rand() * 4),
    firstPaidDate: fromEpochDay(19357 - 400 + Math.floor(rand() * 420)),
    oneTimeSettled: rand() < 0.05,
    retired: rand() < 0.3,
    pensionAfterAdjustment: near(310000, 40000),
  };
}
