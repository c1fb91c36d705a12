/**
 * The response of POST /api/v1/calculations as UTF-8 JSON bytes, written around fragments that do not
 * depend on the inputs and are encoded once: the rule version and instant (per resolved instant), each
 * output's label (per rule), each parameter with its full citation and each 依据 line (per resolved
 * value), the shape of each trace node (per instant). Per request only values, the output sentences and
 * child indexes are written. The bytes are JSON.stringify of the documented response object
 * (CalculationResponseSchema) as the route used to build it; a property test compares them byte for byte.
 */
import { formatYuan } from '@renshe/domain/money/money.ts';
import { type Calculation, writeTrace } from '@renshe/rules/evaluate.ts';
import { writeExplanation } from '@renshe/rules/explain.ts';
import { JsonBytes, utf8 } from '@renshe/rules/json-bytes.ts';
import type { ResolvedValue } from '@renshe/rules/parameters.ts';
import type { Rule } from '@renshe/rules/rule.ts';

const q = JSON.stringify;
const heads = new WeakMap<object, Uint8Array>();
const outputParts = new WeakMap<Rule, Map<string, Uint8Array>>();
const parameterParts = new WeakMap<ResolvedValue, Uint8Array>();

const COMMA = 44;
const YUAN = utf8(',"yuan":"');
const YUAN_END = utf8('"}');
const TRUE = utf8('true}');
const FALSE = utf8('false}');
const CLOSE = 125;
const EXPLANATION = utf8('},"explanation":');
const PARAMETERS = utf8(',"parameters":[');
const CLOSE_PARAMETERS = 93;
const TRACE = utf8(',"trace":');

/** `{"rule":…,"instant":…,"outputs":{` for the calculation's rule version and instant. */
function head(calc: Calculation): Uint8Array {
  let bytes = heads.get(calc.instant);
  if (bytes === undefined) {
    bytes = utf8(`{"rule":${q(calc.rule)},"instant":${q(calc.instant)},"outputs":{`);
    heads.set(calc.instant, bytes);
  }
  return bytes;
}

/** `"name":{"label":…,"value":` for an output of the rule. */
function outputPart(rule: Rule, name: string): Uint8Array {
  let byName = outputParts.get(rule);
  if (!byName) {
    byName = new Map();
    outputParts.set(rule, byName);
  }
  let bytes = byName.get(name);
  if (bytes === undefined) {
    bytes = utf8(`${q(name)}:{"label":${q(rule.outputs[name]!.label)},"value":`);
    byName.set(name, bytes);
  }
  return bytes;
}

/** A parameter value as the response lists it: id, label, value as written, dates and citation. */
function parameterPart(p: ResolvedValue): Uint8Array {
  let bytes = parameterParts.get(p);
  if (bytes === undefined) {
    bytes = utf8(
      q({
        id: p.parameterId,
        label: p.label,
        value: p.written,
        effective: p.effective,
        published: p.published,
        citation: p.citation,
      }),
    );
    parameterParts.set(p, bytes);
  }
  return bytes;
}

/** The response: outputs in fen and yuan, explanation, parameters with citations, the trace if asked. */
export function calculationJson(rule: Rule, calc: Calculation, withTrace: boolean): Buffer {
  const w = new JsonBytes();
  w.bytes(head(calc));
  let first = true;
  for (const name in calc.outputs) {
    const v = calc.outputs[name]!;
    const kind = rule.outputs[name]!.kind;
    if (!first) w.byte(COMMA);
    first = false;
    w.bytes(outputPart(rule, name));
    if (kind === 'bool') {
      w.bytes(v === 1 ? TRUE : FALSE);
      continue;
    }
    w.number(v);
    if (kind === 'money') {
      w.bytes(YUAN);
      w.ascii(formatYuan(v));
      w.bytes(YUAN_END);
    } else w.byte(CLOSE);
  }
  w.bytes(EXPLANATION);
  writeExplanation(calc, w);
  w.bytes(PARAMETERS);
  for (let i = 0; i < calc.parameters.length; i++) {
    if (i) w.byte(COMMA);
    w.bytes(parameterPart(calc.parameters[i]!));
  }
  w.byte(CLOSE_PARAMETERS);
  if (withTrace) {
    w.bytes(TRACE);
    writeTrace(calc, w);
  }
  w.byte(CLOSE);
  return w.result();
}
