/**
 * The hand-written response text equals, byte for byte, JSON.stringify of the response object built from
 * the reference interpreter the way the route built it before (outputs in fen and yuan, explanation,
 * parameters with citations, flat trace), for random S2 beneficiaries over regions, months and
 * "as known on" dates, with and without the trace; and it satisfies the documented response schema.
 */
import { readFileSync } from 'node:fs';
import { formatYuan } from '@renshe/domain/money/money.ts';
import { loadParameterStore, policyFiles, RULES } from '@renshe/policies';
import { prng, randomBeneficiary } from '@renshe/policies/testing.ts';
import { evaluateRule } from '@renshe/rules/evaluate.ts';
import { referenceEvaluate, referenceExplain, referenceFlatTrace } from '@renshe/rules/reference.ts';
import { type Rule, yuanInputsToFen } from '@renshe/rules/rule.ts';
import { parseScenarioFile } from '@renshe/rules/scenarios.ts';
import { describe, expect, it } from 'vitest';
import { calculationJson } from './calculation-json.ts';
import { CalculationResponseSchema } from './policies.routes.ts';

const store = loadParameterStore();

/** The response as the route built it from the interpreter's calculation. */
function referenceResponse(rule: Rule, calc: ReturnType<typeof referenceEvaluate>, withTrace: boolean) {
  const outputs = Object.fromEntries(
    Object.entries(calc.outputs).map(([k, v]) => {
      const spec = rule.outputs[k]!;
      return [
        k,
        spec.kind === 'money'
          ? { label: spec.label, value: v, yuan: formatYuan(v) }
          : { label: spec.label, value: spec.kind === 'bool' ? v === 1 : v },
      ];
    }),
  );
  return {
    rule: calc.rule,
    instant: calc.instant,
    outputs,
    explanation: referenceExplain(rule, calc),
    parameters: calc.parameters.map((p) => ({
      id: p.parameterId,
      label: p.label,
      value: p.written,
      effective: p.effective,
      published: p.published,
      citation: p.citation,
    })),
    ...(withTrace ? { trace: referenceFlatTrace(calc.trace) } : {}),
  };
}

describe('calculation response text', () => {
  it('is JSON.stringify of the reference response for 2,000 random S2 calculations', () => {
    const rule = RULES.get('work_injury.shanxi_2023_adjustment')!;
    const rand = prng(20261123);
    const regions = ['140105', '140100', '140202', '140521'];
    for (let i = 0; i < 2000; i++) {
      const inputs = randomBeneficiary(rand);
      const instant = {
        region: regions[i % regions.length]!,
        date: `2023-${String(1 + (i % 12)).padStart(2, '0')}-01`,
        ...(i % 3 === 0 ? { asKnownOn: i % 2 ? '2023-06-30' : '2024-01-31' } : {}),
      };
      const withTrace = i % 2 === 0;
      const text = calculationJson(rule, evaluateRule(store, rule, inputs, instant), withTrace).toString();
      const want = referenceResponse(rule, referenceEvaluate(store, rule, inputs, instant), withTrace);
      expect(text).toBe(JSON.stringify(want));
      if (i < 50) CalculationResponseSchema.parse(JSON.parse(text));
    }
  });

  it('matches for every rule on its own scenario inputs', () => {
    let compared = 0;
    for (const file of policyFiles('.scenarios.yaml')) {
      const parsed = parseScenarioFile(readFileSync(file, 'utf8'));
      const rule = RULES.get(parsed.rule)!;
      for (const s of parsed.scenarios) {
        if (s.error) continue;
        const inputs = yuanInputsToFen(rule, s.inputs);
        const instant = {
          region: s.region,
          date: s.date,
          ...(s.asKnownOn ? { asKnownOn: s.asKnownOn } : {}),
        };
        const text = calculationJson(rule, evaluateRule(store, rule, inputs, instant), true).toString();
        expect(text).toBe(
          JSON.stringify(referenceResponse(rule, referenceEvaluate(store, rule, inputs, instant), true)),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});
