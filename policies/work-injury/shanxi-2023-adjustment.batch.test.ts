/**
 * The batch path and the single path are one rule: 100,000 random beneficiaries evaluated both ways give
 * identical outputs for every output column.
 */
import { fromEpochDay } from '@renshe/domain/dates.ts';
import { compileRule } from '@renshe/rules/batch.ts';
import { evaluateRule } from '@renshe/rules/evaluate.ts';
import { encodeInputs } from '@renshe/rules/rule.ts';
import { describe, expect, it } from 'vitest';
import { loadParameterStore } from '../index.ts';
import { prng } from '../testing.ts';
import { shanxi2023WorkInjuryAdjustment as rule } from './shanxi-2023-adjustment.rule.ts';

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

/** A random beneficiary, biased towards the floors and the cutoff date. */
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

describe('S2 batch ≡ single', () => {
  it('agrees on 100,000 random beneficiaries', { timeout: 120_000 }, () => {
    const store = loadParameterStore();
    const instant = { region: '140105', date: '2023-12-01' };
    const n = 100_000;
    const rand = prng(20231214);
    const people = Array.from({ length: n }, () => randomBeneficiary(rand));
    const names = Object.keys(rule.inputs);
    const cols: Record<string, Float64Array> = Object.fromEntries(names.map((k) => [k, new Float64Array(n)]));
    people.forEach((p, i) => {
      const enc = encodeInputs(rule, p);
      for (const k of names) cols[k]![i] = enc[k]!;
    });
    const batch = compileRule(store, rule, instant).run(cols, n);
    let mismatches = 0;
    let firstMismatch = '';
    const floorsHit = { allowance: 0, nursing: 0 };
    for (let i = 0; i < n; i++) {
      const single = evaluateRule(store, rule, people[i], instant).outputs;
      for (const [k, v] of Object.entries(single)) {
        if (batch[k]![i] !== v) {
          mismatches++;
          firstMismatch ||= `row ${i} ${k}: batch ${batch[k]![i]} single ${v} ${JSON.stringify(people[i])}`;
        }
      }
      if (single.allowance === 316400) floorsHit.allowance++;
      if (single.nursing === 321900 || single.nursing === 275700 || single.nursing === 193100)
        floorsHit.nursing++;
    }
    expect(firstMismatch).toBe('');
    expect(mismatches).toBe(0);
    // The random population really exercises the floors (the test would be weak otherwise).
    expect(floorsHit.allowance).toBeGreaterThan(1000);
    expect(floorsHit.nursing).toBeGreaterThan(1000);
  });
});
