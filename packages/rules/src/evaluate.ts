/**
 * Single evaluation with a full trace: every node's value, every parameter with its value and citation,
 * the formula version. The trace is what gets stored with a decision and rendered as an explanation.
 *
 * The rule version is compiled once (single.ts) and evaluated into slots; the flat trace is written from
 * the slots (`traceJson`) and the explanation rendered from them (explain.ts). Both equal what the
 * reference interpreter (reference.ts) produces, as a property test checks over every rule.
 */
import type { Expr } from './expr.ts';
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

/** A number as JSON writes it. */
const num = (x: number): string => (Number.isFinite(x) ? `${x}` : 'null');

/**
 * The JSON text of a calculation's FlatTrace. Each node's constant part (op, labels, ids) is written once
 * per instant; per calculation only values, keys and child indexes are filled in.
 */
export function traceJson(calc: Calculation): string {
  const { at, run } = calc;
  const plan = at.plan;
  if (!at.traceParts) at.traceParts = traceParts(at);
  const parts = at.traceParts;
  let out = '{"outputs":{';
  for (let i = 0; i < plan.outputNames.length; i++) {
    out += `${i ? ',' : ''}${JSON.stringify(plan.outputNames[i])}:${run.index[plan.roots[i]!]}`;
  }
  out += '},"nodes":[';
  const { index, values, order, entries } = run;
  for (let i = 0; i < run.count; i++) {
    const s = order[i]!;
    const kids = plan.kids[s]!;
    out += `${i ? ',' : ''}${parts.head[s]}${num(values[s]!)}`;
    if (plan.ops[s] === 'table') {
      out += `${entries[s]! >= 0 ? parts.tail[s] : ''},"key":"${values[kids[0]!]}"`;
      if (entries[s]! < 0) out += parts.missingTail[s];
    } else out += parts.tail[s];
    if (plan.ops[s] === 'if') {
      out += `,"children":[${index[kids[0]!]},${index[values[kids[0]!] ? kids[1]! : kids[2]!]}]}`;
    } else if (kids.length === 0) out += '}';
    else {
      out += `,"children":[${index[kids[0]!]}`;
      for (let j = 1; j < kids.length; j++) out += `,${index[kids[j]!]}`;
      out += ']}';
    }
  }
  return `${out}]}`;
}

/** The constant JSON around each node's value (fields in FlatTraceNode order). */
function traceParts(at: InstantBinding): NonNullable<InstantBinding['traceParts']> {
  const plan = at.plan;
  const q = JSON.stringify;
  const head: string[] = [];
  const tail: string[] = [];
  const missingTail: string[] = [];
  for (let s = 0; s < plan.size; s++) {
    const e = plan.exprs[s]!;
    head.push(`{"op":${q(e.op)},"value":`);
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
        // The label is the parameter's (the same for every entry); the key is filled in per calculation.
        const src = at.table[s]!.sources[0];
        t = src ? `,"label":${q(src.label)},"parameter":${q(src.parameterId)}` : '';
        missing = `,"unknownParameter":${q(e.id)}`;
        break;
      }
    }
    tail.push(t);
    missingTail.push(missing);
  }
  return { head, tail, missingTail };
}
