/**
 * Scenario files (`*.scenarios.yaml`, next to each policy): inputs, instant and expected outputs, written
 * so a policy officer can read them. Each scenario is checked on the single path (with its explanation)
 * and on the batch path, so both paths are held to the same expectations.
 */
import { isDomainError } from '@renshe/domain/errors.ts';
import { formatYuan } from '@renshe/domain/money/money.ts';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { compileRule } from './batch.ts';
import { evaluateRule } from './evaluate.ts';
import { explain } from './explain.ts';
import type { ParameterStore } from './parameters.ts';
import { encodeInputs, type Rule, yuanInputsToFen } from './rule.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A scenario file. */
export const ScenarioFileSchema = z.strictObject({
  rule: z.string(),
  scenarios: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        region: z.string().regex(/^\d{6}$/),
        date,
        asKnownOn: date.optional(),
        inputs: z.record(z.string(), z.unknown()),
        /** Money as yuan strings ('3164.00'), booleans, integers. */
        expect: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
        explanationIncludes: z.array(z.string()).optional(),
        /** Expected error code instead of outputs. */
        error: z.string().optional(),
      }),
    )
    .min(1),
});

/** A parsed scenario file. */
export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;

/** Parses a scenario file's YAML text. */
export function parseScenarioFile(text: string): ScenarioFile {
  return ScenarioFileSchema.parse(parseYaml(text, { merge: true }));
}

/** An output as scenario files write it. */
export function displayOutput(rule: Rule, name: string, value: number): string | number | boolean {
  const kind = rule.outputs[name]?.kind;
  return kind === 'money' ? formatYuan(value) : kind === 'bool' ? value === 1 : value;
}

/** Runs one scenario; returns the list of mismatches (empty when it holds). */
export function checkScenario(
  store: ParameterStore,
  rule: Rule,
  s: ScenarioFile['scenarios'][number],
): string[] {
  const instant = { region: s.region, date: s.date, ...(s.asKnownOn ? { asKnownOn: s.asKnownOn } : {}) };
  const problems: string[] = [];
  let calc: ReturnType<typeof evaluateRule>;
  try {
    calc = evaluateRule(store, rule, yuanInputsToFen(rule, s.inputs), instant);
  } catch (e) {
    if (s.error && isDomainError(e, s.error)) return [];
    return [`single: threw ${isDomainError(e) ? `${e.code} ${e.message}` : String(e)}`];
  }
  if (s.error) return [`expected error ${s.error}, got outputs ${JSON.stringify(calc.outputs)}`];
  for (const [name, want] of Object.entries(s.expect ?? {})) {
    if (!(name in calc.outputs)) problems.push(`unknown output ${name}`);
    else {
      const got = displayOutput(rule, name, calc.outputs[name]!);
      if (got !== want) problems.push(`single ${name}: expected ${want}, got ${got}`);
    }
  }
  const text = explain(calc).join('\n');
  for (const phrase of s.explanationIncludes ?? []) {
    if (!text.includes(phrase)) problems.push(`explanation lacks 「${phrase}」:\n${text}`);
  }
  // Batch path, one row: must agree with the single path on every output.
  const encoded = encodeInputs(rule, yuanInputsToFen(rule, s.inputs));
  const runner = compileRule(store, rule, instant);
  const cols = Object.fromEntries(Object.entries(encoded).map(([k, v]) => [k, Float64Array.of(v)]));
  const out = runner.run(cols, 1);
  for (const [name, v] of Object.entries(calc.outputs)) {
    if (out[name]![0] !== v) problems.push(`batch ${name}: ${out[name]![0]} ≠ single ${v}`);
  }
  return problems;
}
