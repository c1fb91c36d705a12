/**
 * The reference semantics of the formula language: a plain tree-walking interpreter that builds the nested
 * trace, the explanation rendered from that trace and the flat trace. This is the single evaluator as it
 * was before single calculations were compiled (evaluate.ts); it is kept verbatim as the oracle the
 * compiled path is property-tested against (outputs, parameters, trace and explanation must be equal for
 * random inputs over every rule). Production code does not call it.
 */
import { fromEpochDay } from '@renshe/domain/dates.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import {
  applyRatio,
  formatYuan,
  type Ratio,
  ROUNDING_LABELS,
  type RoundingMode,
} from '@renshe/domain/money/money.ts';
import { formatCitation } from './citation.ts';
import type { FlatTrace, FlatTraceNode, ValueKind } from './evaluate.ts';
import { UNIT_SUFFIX } from './explain.ts';
import type { Expr } from './expr.ts';
import { type Instant, LATEST_KNOWLEDGE, type ParameterStore, type ResolvedValue } from './parameters.ts';
import { type NumericValue, type Resolution, resolveParametersCached } from './resolve.ts';
import { encodeInputs, type Rule, treesOf, versionAt } from './rule.ts';

/** One evaluated node. */
export interface TraceNode {
  op: Expr['op'];
  kind: ValueKind;
  value: number;
  /** For ratio-valued parameters. */
  ratio?: { num: string; den: string };
  label?: string;
  note?: string;
  input?: string;
  parameter?: ResolvedValue;
  /** A parameter not yet in force (as known on the date) and the fallback used. */
  unknownParameter?: string;
  key?: string;
  rounding?: string;
  children: TraceNode[];
}

/** A calculation by the reference interpreter, with its nested trace. */
export interface ReferenceCalculation {
  rule: { id: string; label: string; version: string; versionNote: string };
  instant: Required<Instant>;
  inputs: Record<string, unknown>;
  outputs: Record<string, number>;
  trace: Record<string, TraceNode>;
  /** Every parameter value used, once each. */
  parameters: ResolvedValue[];
}

const isRatio = (v: NumericValue): v is Ratio => typeof v === 'object';

// Module-level helpers (not closures): this is the hot path of every single calculation. Every node has
// the same fields in the same order (one hidden class), which keeps property access monomorphic.
function mk(e: Expr, kind: ValueKind, value: number, children: TraceNode[]): TraceNode {
  return {
    op: e.op,
    kind,
    value,
    ratio: undefined,
    label: undefined,
    note: undefined,
    input: undefined,
    parameter: undefined,
    unknownParameter: undefined,
    key: undefined,
    rounding: undefined,
    children,
  };
}

const NO_CHILDREN: TraceNode[] = [];
const ratioText = new WeakMap<Ratio, { num: string; den: string }>();

function numeric(v: NumericValue, kind: ValueKind): Partial<TraceNode> & { value: number } {
  if (isRatio(v)) {
    let r = ratioText.get(v);
    if (!r) {
      r = { num: String(v.num), den: String(v.den) };
      ratioText.set(v, r);
    }
    return { value: 0, ratio: r };
  }
  return { value: kind === 'bool' ? Number(v) : v };
}

/**
 * Interprets one tree for one set of encoded inputs. A sub-tree shared by several outputs (the same Expr
 * object, e.g. an eligibility step) is evaluated once per calculation: `memo` maps nodes to results.
 */
export function interpret(
  e: Expr,
  rule: Rule,
  inputs: Record<string, number>,
  res: Resolution,
  memo: Map<Expr, TraceNode> = new Map(),
): TraceNode {
  const hit = memo.get(e);
  if (hit) return hit;
  const t = interpretNode(e, rule, inputs, res, memo);
  memo.set(e, t);
  return t;
}

function interpretNode(
  e: Expr,
  rule: Rule,
  inputs: Record<string, number>,
  res: Resolution,
  memo: Map<Expr, TraceNode>,
): TraceNode {
  switch (e.op) {
    case 'input': {
      const spec = rule.inputs[e.name];
      if (!spec) throw new Error(`${rule.id}: unknown input ${e.name}`);
      const kind: ValueKind =
        spec.type === 'fen' ? 'money' : spec.type === 'bool' ? 'bool' : spec.type === 'date' ? 'date' : 'int';
      const t = mk(e, kind, inputs[e.name]!, NO_CHILDREN);
      t.input = e.name;
      t.label = spec.label;
      return t;
    }
    case 'const': {
      const t = mk(e, e.money ? 'money' : 'int', e.value, NO_CHILDREN);
      t.label = e.label;
      return t;
    }
    case 'param': {
      const got = res.scalars.get(e.id);
      if (!got) {
        // whenUnknown covers "decided but not yet published"; a parameter with no value at all is an error.
        if (e.whenUnknown === undefined || !res.pending.has(e.id)) throw noValue(e.id, res.instant);
        const t = mk(e, 'int', e.whenUnknown, NO_CHILDREN);
        t.unknownParameter = e.id;
        return t;
      }
      const kind = kindOfUnit(got.source.unit);
      const n = numeric(got.value, kind);
      const t = mk(e, kind, n.value, NO_CHILDREN);
      t.ratio = n.ratio;
      t.parameter = got.source;
      t.label = got.source.label;
      return t;
    }
    case 'table': {
      const key = interpret(e.key, rule, inputs, res, memo);
      const got = res.tables.get(e.id)?.get(String(key.value));
      if (!got) {
        if (e.whenMissing === undefined) throw noValue(e.id, res.instant, { [e.dimension]: key.value });
        const t = mk(e, 'int', e.whenMissing, [key]);
        t.unknownParameter = e.id;
        t.key = String(key.value);
        return t;
      }
      const kind = kindOfUnit(got.source.unit);
      const n = numeric(got.value, kind);
      const t = mk(e, kind, n.value, [key]);
      t.ratio = n.ratio;
      t.parameter = got.source;
      t.label = got.source.label;
      t.key = String(key.value);
      return t;
    }
    case 'add':
    case 'sub':
    case 'min':
    case 'max': {
      const a = interpret(e.args[0], rule, inputs, res, memo);
      const b = interpret(e.args[1], rule, inputs, res, memo);
      const v =
        e.op === 'add'
          ? a.value + b.value
          : e.op === 'sub'
            ? a.value - b.value
            : e.op === 'min'
              ? Math.min(a.value, b.value)
              : Math.max(a.value, b.value);
      if (!Number.isSafeInteger(v))
        throw new DomainError('RULE_OVERFLOW', `「${rule.label}」计算结果超出范围`, {});
      return mk(e, a.kind === 'int' ? b.kind : a.kind, v, [a, b]);
    }
    case 'times': {
      const a = interpret(e.a, rule, inputs, res, memo);
      const n = interpret(e.n, rule, inputs, res, memo);
      return mk(e, a.kind === 'int' ? n.kind : a.kind, a.value * n.value, [a, n]);
    }
    case 'ratio': {
      const a = interpret(e.a, rule, inputs, res, memo);
      const r = interpret(e.ratio, rule, inputs, res, memo);
      // A percent parameter not yet published falls back to `whenUnknown` read as a percentage.
      const ratio = r.ratio ?? (r.unknownParameter ? { num: String(r.value), den: '100' } : undefined);
      if (!ratio) throw new Error(`${rule.id}: ratio() needs a percent/ratio parameter`);
      const v = applyRatio(a.value, { num: BigInt(ratio.num), den: BigInt(ratio.den) }, e.rounding);
      const t = mk(e, 'money', v, [a, r]);
      t.rounding = e.rounding;
      return t;
    }
    case 'if': {
      const c = interpret(e.cond, rule, inputs, res, memo);
      const taken = interpret(c.value ? e.then : e.else, rule, inputs, res, memo);
      return mk(e, taken.kind, taken.value, [c, taken]);
    }
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
    case 'eq':
    case 'ne': {
      const a = interpret(e.args[0], rule, inputs, res, memo);
      const b = interpret(e.args[1], rule, inputs, res, memo);
      const cmp = compare(e.op, a.value, b.value);
      return mk(e, 'bool', cmp ? 1 : 0, [a, b]);
    }
    case 'and':
    case 'or': {
      const xs: TraceNode[] = [];
      let v = e.op === 'and';
      for (const x of e.args) {
        const t = interpret(x, rule, inputs, res, memo);
        xs.push(t);
        v = e.op === 'and' ? v && t.value !== 0 : v || t.value !== 0;
      }
      return mk(e, 'bool', v ? 1 : 0, xs);
    }
    case 'not': {
      const a = interpret(e.a, rule, inputs, res, memo);
      return mk(e, 'bool', a.value ? 0 : 1, [a]);
    }
    case 'in': {
      const a = interpret(e.a, rule, inputs, res, memo);
      const t = mk(e, 'bool', e.set.includes(a.value) ? 1 : 0, [a]);
      t.label = e.label;
      return t;
    }
    case 'step': {
      const a = interpret(e.a, rule, inputs, res, memo);
      const t = mk(e, a.kind, a.value, [a]);
      t.label = e.label;
      t.note = e.note;
      return t;
    }
  }
}

function compare(op: 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne', a: number, b: number): boolean {
  switch (op) {
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
  }
}

function kindOfUnit(unit: ResolvedValue['unit']): ValueKind {
  return unit === 'yuan'
    ? 'money'
    : unit === 'percent' || unit === 'ratio'
      ? 'ratio'
      : unit === 'date'
        ? 'date'
        : 'int';
}

function noValue(id: string, at: Instant, coords: Record<string, unknown> = {}): DomainError {
  return new DomainError(
    'PARAMETER_NO_VALUE',
    `参数 ${id} 在 ${at.date}（以 ${at.asKnownOn ?? at.date} 已公布的规定为准）对区划 ${at.region} 没有取值`,
    {
      parameter: id,
      coords,
      ...at,
    },
  );
}

function collectParameters(n: TraceNode, out: Set<ResolvedValue>): void {
  if (n.parameter) out.add(n.parameter); // resolved values are shared objects: identity is enough
  for (const c of n.children) collectParameters(c, out);
}

/** Evaluates a rule for one set of raw inputs at an instant (asKnownOn defaults to the date). */
export function referenceEvaluate(
  store: ParameterStore,
  rule: Rule,
  rawInputs: unknown,
  instant: Instant,
): ReferenceCalculation {
  const at = { region: instant.region, date: instant.date, asKnownOn: instant.asKnownOn ?? LATEST_KNOWLEDGE };
  const inputs = encodeInputs(rule, rawInputs);
  const version = versionAt(rule, at.date);
  const trees = treesOf(rule, version);
  const res = resolveParametersCached(store, `${rule.id}@${version.from}`, Object.values(trees), at);
  const trace: Record<string, TraceNode> = {};
  const outputs: Record<string, number> = {};
  const used = new Set<ResolvedValue>();
  const memo = new Map<Expr, TraceNode>();
  for (const [name, tree] of Object.entries(trees)) {
    if (!(name in rule.outputs)) continue;
    const t = interpret(tree, rule, inputs, res, memo);
    trace[name] = t;
    outputs[name] = t.value;
    collectParameters(t, used);
  }
  return {
    rule: { id: rule.id, label: rule.label, version: version.from, versionNote: version.note },
    instant: at,
    inputs: rawInputs as Record<string, unknown>,
    outputs,
    trace,
    parameters: [...used],
  };
}

/** Flattens a calculation's trace (see FlatTrace). */
export function referenceFlatTrace(trace: Record<string, TraceNode>): FlatTrace {
  const ids = new Map<TraceNode, number>();
  const nodes: FlatTraceNode[] = [];
  const visit = (n: TraceNode): number => {
    const known = ids.get(n);
    if (known !== undefined) return known;
    const children = n.children.map(visit);
    const out: FlatTraceNode = { op: n.op, value: n.value };
    if (n.label !== undefined) out.label = n.label;
    if (n.input !== undefined) out.input = n.input;
    if (n.parameter !== undefined) out.parameter = n.parameter.parameterId;
    if (n.key !== undefined) out.key = n.key;
    if (n.unknownParameter !== undefined) out.unknownParameter = n.unknownParameter;
    if (children.length) out.children = children;
    const id = nodes.push(out) - 1;
    ids.set(n, id);
    return id;
  };
  const outputs: Record<string, number> = {};
  for (const [name, root] of Object.entries(trace)) outputs[name] = visit(root);
  return { outputs, nodes };
}

/** Formats a node's value by its kind. */
function formatValue(n: TraceNode): string {
  if (n.ratio) {
    const num = Number(n.ratio.num);
    const den = Number(n.ratio.den);
    const pct = (num * 100) / den;
    return Number.isInteger(pct * 10000) ? `${Number(pct.toFixed(4))}%` : `${num}/${den}`;
  }
  switch (n.kind) {
    case 'money':
      return `${formatYuan(n.value)} 元`;
    case 'bool':
      return n.value ? '是' : '否';
    case 'date':
      return fromEpochDay(n.value);
    default:
      return String(n.value);
  }
}

function keyLabel(rule: Rule, n: TraceNode): string {
  const keyNode = n.children[0];
  if (n.key === undefined) return '';
  const spec = keyNode?.input ? rule.inputs[keyNode.input] : undefined;
  if (spec?.type === 'enum') {
    const hit = Object.values(spec.values).find((v) => String(v.code) === n.key);
    if (hit) return `（${hit.label}）`;
  }
  return `（${n.key}）`;
}

function named(x: TraceNode): string {
  return x.label ? `${x.label} ${formatValue(x)}` : formatValue(x);
}

/** The expression text of a node with its values (a step nested inside shows as its label and value). */
function renderExpression(rule: Rule, n: TraceNode, top = true): string {
  if (!top && n.op === 'step') return named(n);
  switch (n.op) {
    case 'input':
    case 'const':
      return named(n);
    case 'param':
      return n.unknownParameter ? `${formatValue(n)}（尚无已公布的规定）` : named(n);
    case 'table':
      return n.unknownParameter
        ? `${formatValue(n)}（无对应标准）`
        : `${n.label}${keyLabel(rule, n)} ${formatValue(n)}`;
    case 'step':
      return renderExpression(rule, n.children[0]!, false);
    case 'add':
    case 'sub': {
      const [a, b] = n.children as [TraceNode, TraceNode];
      return `${renderExpression(rule, a, false)} ${n.op === 'add' ? '+' : '−'} ${renderExpression(rule, b, false)}`;
    }
    case 'times': {
      const [a, b] = n.children as [TraceNode, TraceNode];
      return `${renderExpression(rule, a, false)} × ${renderExpression(rule, b, false)}`;
    }
    case 'ratio': {
      const [a, r] = n.children as [TraceNode, TraceNode];
      return `${renderExpression(rule, a, false)} × ${renderExpression(rule, r, false)}（${ROUNDING_LABELS[n.rounding as RoundingMode] ?? n.rounding}）= ${formatValue(n)}`;
    }
    case 'max':
    case 'min': {
      const [a, b] = n.children as [TraceNode, TraceNode];
      const lhs = renderExpression(rule, a, false);
      const compound = !['input', 'const', 'param', 'table', 'step'].includes(a.op);
      const base = compound ? `${lhs} = ${formatValue(a)}` : lhs;
      const limit = renderExpression(rule, b, false);
      if (n.op === 'max') {
        return a.value < b.value
          ? `${base}，低于${limit}，补足至 ${formatValue(n)}`
          : `${base}（不低于${limit}）`;
      }
      return a.value > b.value
        ? `${base}，超过${limit}，按 ${formatValue(n)} 计`
        : `${base}（未超过${limit}）`;
    }
    case 'if': {
      const [, taken] = n.children as [TraceNode, TraceNode];
      return renderExpression(rule, taken, false);
    }
    default:
      return formatValue(n);
  }
}

function collectPending(n: TraceNode, out: Set<string>): void {
  if (n.unknownParameter && n.op === 'param') out.add(n.unknownParameter);
  for (const c of n.children) collectPending(c, out);
}

/** True when the rendered expression already ends by stating the value (no 「= value」 needed). */
function statesValue(expr: string, value: string): boolean {
  return (
    expr === value ||
    expr.endsWith(` ${value}`) ||
    expr.includes(`= ${value}（`) ||
    expr.endsWith(`按 ${value} 计`) ||
    expr.endsWith(`补足至 ${value}`)
  );
}

/** One sentence per output plus one per legal basis. */
export function referenceExplain(rule: Rule, calc: ReferenceCalculation): string[] {
  const lines: string[] = [];
  for (const [name, node] of Object.entries(calc.trace)) {
    const spec = rule.outputs[name]!;
    const value = formatValue({
      ...node,
      kind: spec.kind === 'money' ? 'money' : spec.kind === 'bool' ? 'bool' : node.kind,
    });
    const expr = spec.kind === 'bool' ? value : renderExpression(rule, node);
    const text = statesValue(expr, value) ? expr : /^-?\d+$/.test(expr) ? value : `${expr} = ${value}`;
    lines.push(`${spec.label}：${text}${node.note ? `（${node.note}）` : ''}`);
  }
  const pending = new Set<string>();
  for (const n of Object.values(calc.trace)) collectPending(n, pending);
  if (pending.size) {
    lines.push(
      `说明：截至 ${calc.instant.asKnownOn} 尚无已公布的规定（${[...pending].join('、')}），按原标准计算；公布后的差额依规补发`,
    );
  }
  const seen = new Set<string>();
  for (const p of calc.parameters) {
    const c = formatCitation(p.citation);
    const line = `依据：${p.label}${Object.keys(p.coords).length ? `（${Object.values(p.coords).join('、')}）` : ''} ${p.written}${UNIT_SUFFIX[p.unit] ?? ''}，${c}，${p.effective} 起施行，${p.published} 公布`;
    if (!seen.has(line)) {
      seen.add(line);
      lines.push(line);
    }
  }
  return lines;
}
