/**
 * The response of POST /api/v1/calculations as JSON text, written around fragments that do not depend on
 * the inputs: the rule version and instant (once per resolved instant), each output's label (once per
 * rule), each parameter with its full citation (once per resolved value). Per request only the values, the
 * explanation and the trace are written. The text is the one JSON.stringify gives for the documented
 * response object (CalculationResponseSchema); a property test compares them byte for byte.
 */
import { formatYuan } from '@renshe/domain/money/money.ts';
import { type Calculation, traceJson } from '@renshe/rules/evaluate.ts';
import { explain } from '@renshe/rules/explain.ts';
import type { ResolvedValue } from '@renshe/rules/parameters.ts';
import type { Rule } from '@renshe/rules/rule.ts';

const q = JSON.stringify;
const heads = new WeakMap<object, string>();
const outputParts = new WeakMap<Rule, Map<string, string>>();
const parameterParts = new WeakMap<ResolvedValue, string>();

/** `{"rule":…,"instant":…,"outputs":{` for the calculation's rule version and instant. */
function head(calc: Calculation): string {
  let text = heads.get(calc.instant);
  if (text === undefined) {
    text = `{"rule":${q(calc.rule)},"instant":${q(calc.instant)},"outputs":{`;
    heads.set(calc.instant, text);
  }
  return text;
}

/** `"name":{"label":…,"value":` for an output of the rule. */
function outputPart(rule: Rule, name: string): string {
  let byName = outputParts.get(rule);
  if (!byName) {
    byName = new Map();
    outputParts.set(rule, byName);
  }
  let text = byName.get(name);
  if (text === undefined) {
    text = `${q(name)}:{"label":${q(rule.outputs[name]!.label)},"value":`;
    byName.set(name, text);
  }
  return text;
}

/** A parameter value as the response lists it: id, label, value as written, dates and citation. */
function parameterPart(p: ResolvedValue): string {
  let text = parameterParts.get(p);
  if (text === undefined) {
    text = q({
      id: p.parameterId,
      label: p.label,
      value: p.written,
      effective: p.effective,
      published: p.published,
      citation: p.citation,
    });
    parameterParts.set(p, text);
  }
  return text;
}

/** The response text: outputs in fen and yuan, explanation, parameters with citations, the trace if asked. */
export function calculationJson(rule: Rule, calc: Calculation, withTrace: boolean): string {
  let out = head(calc);
  let first = true;
  for (const name in calc.outputs) {
    const v = calc.outputs[name]!;
    const kind = rule.outputs[name]!.kind;
    out += `${first ? '' : ','}${outputPart(rule, name)}${
      kind === 'money' ? `${v},"yuan":"${formatYuan(v)}"}` : kind === 'bool' ? `${v === 1}}` : `${q(v)}}`
    }`;
    first = false;
  }
  out += `},"explanation":${q(explain(calc))},"parameters":[`;
  for (let i = 0; i < calc.parameters.length; i++)
    out += `${i ? ',' : ''}${parameterPart(calc.parameters[i]!)}`;
  return `${out}]${withTrace ? `,"trace":${traceJson(calc)}` : ''}}`;
}
