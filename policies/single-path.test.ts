/**
 * The compiled single path (rules/single.ts) is the reference interpreter (rules/reference.ts), for every
 * registered rule: random inputs and instants — regions with and without values, dates around every
 * version, effective and publication date, "as known on" before and after publication — give equal
 * outputs, the same parameters in the same order, a byte-identical flat trace and an identical
 * explanation, or the same error.
 */
import { fromEpochDay, toEpochDay } from '@renshe/domain/dates.ts';
import { isDomainError } from '@renshe/domain/errors.ts';
import { evaluateRule, traceJson } from '@renshe/rules/evaluate.ts';
import { explain } from '@renshe/rules/explain.ts';
import { referenceEvaluate, referenceExplain, referenceFlatTrace } from '@renshe/rules/reference.ts';
import type { InputSpec, Rule } from '@renshe/rules/rule.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadParameterStore, RULES } from './index.ts';

const store = loadParameterStore();

// Dates where something changes: versions, effective / until / publication dates, date-valued parameters.
const anchors = new Set<number>();
for (const rule of RULES.values()) for (const v of rule.versions) anchors.add(toEpochDay(v.from));
const regions = new Set(['140105', '140202', '140521', '370800', '000000']);
for (const p of store.list()) {
  for (const v of p.values) {
    regions.add(v.region);
    for (const d of [v.effective, v.published, v.until, p.unit === 'date' ? v.written : undefined])
      if (d) anchors.add(toEpochDay(d));
  }
}
const anchorDays = [...anchors];
const day = fc.oneof(
  fc.tuple(fc.constantFrom(...anchorDays), fc.integer({ min: -40, max: 40 })).map(([a, d]) => a + d),
  fc.integer({ min: toEpochDay('2005-01-01'), max: toEpochDay('2028-12-31') }),
);
const date = day.map(fromEpochDay);

function inputArb(spec: InputSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case 'fen': {
      const max = spec.max ?? 100_000_000_00;
      return fc.oneof(
        { arbitrary: fc.constant(0), weight: 3 },
        { arbitrary: fc.integer({ min: 0, max: Math.min(max, 2_000_000) }), weight: 12 },
        { arbitrary: fc.integer({ min: 0, max }), weight: 3 },
        { arbitrary: fc.constant(-1), weight: 1 }, // invalid: both paths refuse it the same way
      );
    }
    case 'int':
      return fc.oneof(fc.integer({ min: spec.min, max: spec.max }), fc.constantFrom(spec.min, spec.max));
    case 'bool':
      return fc.boolean();
    case 'date':
      return date;
    case 'enum':
      return fc.constantFrom(...Object.keys(spec.values));
  }
}

const caseArb = (rule: Rule) =>
  fc.record({
    inputs: fc.record(Object.fromEntries(Object.entries(rule.inputs).map(([k, s]) => [k, inputArb(s)]))),
    region: fc.oneof(
      { arbitrary: fc.constantFrom('140105', '140202', '140521', '140000'), weight: 4 },
      { arbitrary: fc.constantFrom(...regions), weight: 1 },
    ),
    // Mostly while a version is in force; sometimes any date (before the first version too).
    date: fc.oneof(
      {
        arbitrary: fc
          .integer({ min: 0, max: 3 * 366 })
          .map((d) => fromEpochDay(toEpochDay(rule.versions[0]!.from) + d)),
        weight: 3,
      },
      { arbitrary: date, weight: 1 },
    ),
    asKnownOn: fc.option(date, { nil: undefined }),
  });

type Outcome = { error: string } | { value: unknown };
const attempt = (fn: () => unknown): Outcome => {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: isDomainError(e) ? `${e.code} ${e.message} ${JSON.stringify(e.details)}` : String(e) };
  }
};

describe('compiled single path ≡ reference interpreter', () => {
  for (const rule of RULES.values()) {
    it(rule.id, () => {
      fc.assert(
        fc.property(caseArb(rule), (c) => {
          const instant = {
            region: c.region,
            date: c.date,
            ...(c.asKnownOn ? { asKnownOn: c.asKnownOn } : {}),
          };
          const fast = attempt(() => {
            const calc = evaluateRule(store, rule, c.inputs, instant);
            return {
              rule: calc.rule,
              instant: calc.instant,
              outputs: calc.outputs,
              parameters: calc.parameters,
              trace: traceJson(calc),
              explanation: explain(calc),
            };
          });
          const ref = attempt(() => {
            const calc = referenceEvaluate(store, rule, c.inputs, instant);
            return {
              rule: calc.rule,
              instant: calc.instant,
              outputs: calc.outputs,
              parameters: calc.parameters,
              trace: JSON.stringify(referenceFlatTrace(calc.trace)),
              explanation: referenceExplain(rule, calc),
            };
          });
          expect(fast).toEqual(ref);
          if ('value' in fast && 'value' in ref) {
            // Same resolved values (identity), in the same order; outputs equal as numbers (−0 included).
            const [f, r] = [fast.value as { parameters: unknown[] }, ref.value as { parameters: unknown[] }];
            for (const [i, p] of f.parameters.entries()) expect(p).toBe(r.parameters[i]);
            const [fo, ro] = [
              (fast.value as { outputs: Record<string, number> }).outputs,
              (ref.value as { outputs: Record<string, number> }).outputs,
            ];
            for (const k of Object.keys(ro)) expect(Object.is(fo[k], ro[k])).toBe(true);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it('sees every rule compute (not only errors) on a good share of cases', () => {
    for (const rule of RULES.values()) {
      let ok = 0;
      fc.assert(
        fc.property(caseArb(rule), (c) => {
          try {
            evaluateRule(store, rule, c.inputs, { region: c.region, date: c.date });
            ok++;
          } catch {}
        }),
        { numRuns: 200, seed: 1 },
      );
      expect(ok, rule.id).toBeGreaterThan(40);
    }
  });
});
