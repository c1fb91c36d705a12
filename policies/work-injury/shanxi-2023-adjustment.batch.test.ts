/**
 * The batch path and the single path are one rule: 100,000 random beneficiaries evaluated both ways give
 * identical outputs for every output column.
 */
import { compileRule } from '@renshe/rules/batch.ts';
import { evaluateRule } from '@renshe/rules/evaluate.ts';
import { encodeInputs } from '@renshe/rules/rule.ts';
import { describe, expect, it } from 'vitest';
import { loadParameterStore } from '../index.ts';
import { prng, randomBeneficiary } from '../testing.ts';
import { shanxi2023WorkInjuryAdjustment as rule } from './shanxi-2023-adjustment.rule.ts';

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
