/**
 * Single evaluation with a full trace: every node's value, every parameter with its value and citation,
 * the formula version. The trace is what gets stored with a decision and rendered as an explanation.
 *
 * The rule version is compiled once (single.ts) and evaluated into slots; the flat trace is written from
 * the slots (`traceJson`) and the explanation rendered from them (explain.ts). Both equal what the
 * reference interpreter (reference.ts) produces, as a property test checks over every rule.
 */
import type { Expr } from './expr.ts';
import { JsonBytes, utf8 } from './json-bytes.ts';
import { type Instant, LATEST_KNOWLEDGE, type ParameterStore, type ResolvedValue } from './parameters.ts';
import { resolveParametersCached } from './resolve.ts';
import { encodeInputs, type Rule, versionAt } from './rule.ts';
import {
  bindInstant,
  type InstantBinding,
  PARAM_FOUND,
  PARAM_PENDING,
  planOf,
  runSingle,
  type SinglePlan,
  type SingleRun,
} from './single.ts';

export type { ValueKind } from './single.ts';

/** The result of one calculation. */
export interface Calculation {
  /** The rule version (one shared object per version). */
  rule: SinglePlan['info'];
  /** The instant the parameters were read at (one shared object per resolved instant). */
  instant: Readonly<Required<Instant>>;
  inputs: Record<string, unknown>;
  outputs: Record<string, number>;
  /** Every parameter value used, once each, in the order the trace reaches them. */
  parameters: ResolvedValue[];
  /** The evaluated slots and the parameters they were read with (read by traceJson and explain). */
  run: SingleRun;
  at: InstantBinding;
}

/** Evaluates a rule for one set of raw inputs at an instant (asKnownOn defaults to the date). */
export function evaluateRule(
  store: ParameterStore,
  rule: Rule,
  rawInputs: unknown,
  instant: Instant,
): Calculation {
  const at = { region: instant.region, date: instant.date, asKnownOn: instant.asKnownOn ?? LATEST_KNOWLEDGE };
  const inputs = encodeInputs(rule, rawInputs);
  const plan = planOf(rule, versionAt(rule, at.date));
  const bound = bindInstant(plan, resolveParametersCached(store, plan.key, plan.trees, at));
  const names = plan.inputNames;
  const x: number[] = new Array(names.length);
  for (let i = 0; i < names.length; i++) x[i] = inputs[names[i]!]!;
  const run = runSingle(bound, x);
  const outputs: Record<string, number> = {};
  for (let i = 0; i < plan.outputNames.length; i++)
    outputs[plan.outputNames[i]!] = run.values[plan.roots[i]!]!;
  return {
    rule: plan.info,
    instant: bound.instant,
    inputs: rawInputs as Record<string, unknown>,
    outputs,
    parameters: parametersUsed(bound, run),
    run,
    at: bound,
  };
}

/** Resolved values behind the param and table nodes reached, once each (values are shared objects). */
function parametersUsed(at: InstantBinding, run: SingleRun): ResolvedValue[] {
  const used: ResolvedValue[] = [];
  for (let i = 0; i < run.touchedCount; i++) {
    const s = run.touched[i]!;
    let v: ResolvedValue | undefined;
    if (at.plan.ops[s] === 'param') v = at.paramState[s] === PARAM_FOUND ? at.source[s] : undefined;
    else {
      const e = run.entries[s]!;
      v = e >= 0 ? at.table[s]!.sources[e] : undefined;
    }
    if (v && !used.includes(v)) used.push(v);
  }
  return used;
}

/** One node of a flat trace: its value, labels, parameter id and the indexes of its children. */
export type FlatTraceNode = {
  op: Expr['op'];
  value: number;
  label?: string;
  input?: string;
  parameter?: string;
  key?: string;
  unknownParameter?: string;
  children?: number[];
};

/**
 * The trace as the API and stored decisions carry it: every evaluated node once (a sub-tree shared by
 * several outputs is written once), children by index, parameters by id (their values and citations
 * travel once, in `parameters`). `outputs` maps each output to its root node.
 */
export interface FlatTrace {
  outputs: Record<string, number>;
  nodes: FlatTraceNode[];
}

const COMMA = 44;
const CLOSE_CHILDREN = utf8(']}');
const TRACE_NODES = utf8('},"nodes":[');
const TRACE_END = utf8(']}');

/** The JSON text of a calculation's FlatTrace (tests and tools; the API writes it with writeTrace). */
export function traceJson(calc: Calculation): string {
  const w = new JsonBytes(8192);
  writeTrace(calc, w);
  return w.toString();
}

/**
 * Writes a calculation's FlatTrace as JSON. Each node's constant part (op, labels, ids) is encoded once
 * per instant; per calculation only values, table keys and child indexes are written.
 */
export function writeTrace(calc: Calculation, w: JsonBytes): void {
  const { at, run } = calc;
  const plan = at.plan;
  if (!at.traceParts) at.traceParts = traceParts(at);
  const parts = at.traceParts;
  w.bytes(parts.outputs[0]!);
  for (let i = 0; i < plan.outputNames.length; i++) {
    if (i) w.bytes(parts.outputs[i]!);
    w.number(run.index[plan.roots[i]!]!);
  }
  w.bytes(TRACE_NODES);
  const { index, values, order, entries } = run;
  for (let i = 0; i < run.count; i++) {
    const s = order[i]!;
    const kids = plan.kids[s]!;
    if (i) w.byte(COMMA);
    w.bytes(parts.head[s]!);
    w.number(values[s]!);
    if (plan.ops[s] === 'table') {
      // String(key) as the interpreter writes it: digits, sign, point or exponent — nothing to escape.
      const found = entries[s]! >= 0;
      w.bytes(found ? parts.tail[s]! : parts.keyOnly!);
      w.ascii(String(values[kids[0]!]));
      w.bytes(found ? parts.keyEnd! : parts.missingTail[s]!);
    } else w.bytes(parts.tail[s]!);
    if (kids.length === 0) continue;
    if (plan.ops[s] === 'if') {
      w.number(index[kids[0]!]!);
      w.byte(COMMA);
      w.number(index[values[kids[0]!] ? kids[1]! : kids[2]!]!);
    } else {
      for (let j = 0; j < kids.length; j++) {
        if (j) w.byte(COMMA);
        w.number(index[kids[j]!]!);
      }
    }
    w.bytes(CLOSE_CHILDREN);
  }
  w.bytes(TRACE_END);
}

/**
 * The constant JSON of each node (fields in FlatTraceNode order), encoded: `head` up to the value, `tail`
 * from the value to the first child index (or the closing brace). A table's key sits in between: `tail`
 * and `keyEnd` when the entry was found, `keyOnly` and `missingTail` when not.
 */
function traceParts(at: InstantBinding): NonNullable<InstantBinding['traceParts']> {
  const plan = at.plan;
  const q = JSON.stringify;
  const head: Uint8Array[] = [];
  const tail: Uint8Array[] = [];
  const missingTail: Uint8Array[] = [];
  const CHILDREN = ',"children":[';
  for (let s = 0; s < plan.size; s++) {
    const e = plan.exprs[s]!;
    const close = plan.kids[s]!.length ? CHILDREN : '}';
    head.push(utf8(`{"op":${q(e.op)},"value":`));
    let t = '';
    let missing = '';
    switch (e.op) {
      case 'input': {
        const label = plan.rule.inputs[e.name]?.label;
        t = `${label !== undefined ? `,"label":${q(label)}` : ''},"input":${q(e.name)}`;
        break;
      }
      case 'const':
      case 'in':
      case 'step':
        t = e.label !== undefined ? `,"label":${q(e.label)}` : '';
        break;
      case 'param':
        if (at.paramState[s] === PARAM_FOUND)
          t = `,"label":${q(at.source[s]!.label)},"parameter":${q(at.source[s]!.parameterId)}`;
        else if (at.paramState[s] === PARAM_PENDING) t = `,"unknownParameter":${q(e.id)}`;
        break;
      case 'table': {
        // The label is the parameter's (the same for every entry); the key is written per calculation.
        const src = at.table[s]!.sources[0];
        t = src ? `,"label":${q(src.label)},"parameter":${q(src.parameterId)},"key":"` : '';
        missing = `","unknownParameter":${q(e.id)}${CHILDREN}`;
        break;
      }
    }
    tail.push(utf8(e.op === 'table' ? t : `${t}${close}`));
    missingTail.push(utf8(missing));
  }
  const outputs = plan.outputNames.map((name, i) => utf8(`${i ? ',' : '{"outputs":{'}${q(name)}:`));
  return { outputs, head, tail, missingTail, keyOnly: utf8(',"key":"'), keyEnd: utf8(`"${CHILDREN}`) };
}
