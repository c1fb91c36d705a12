/**
 * Single evaluation with a full trace: every node's value, every parameter with its value and citation,
 * the formula version. The trace is what gets stored with a decision and rendered as an explanation.
 */
import { DomainError } from '@renshe/domain/errors.ts';
import { applyRatio, type Ratio } from '@renshe/domain/money/money.ts';
import type { Expr } from './expr.ts';
import { type Instant, LATEST_KNOWLEDGE, type ParameterStore, type ResolvedValue } from './parameters.ts';
import { type NumericValue, type Resolution, resolveParameters } from './resolve.ts';
import { encodeInputs, type Rule, versionAt } from './rule.ts';

/** What kind of number a node holds (for formatting). */
export type ValueKind = 'money' | 'int' | 'bool' | 'date' | 'ratio';

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

/** The result of one calculation. */
export interface Calculation {
  rule: { id: string; label: string; version: string; versionNote: string };
  instant: Required<Instant>;
  inputs: Record<string, unknown>;
  outputs: Record<string, number>;
  trace: Record<string, TraceNode>;
  /** Every parameter value used, once each. */
  parameters: ResolvedValue[];
}

const isRatio = (v: NumericValue): v is Ratio => typeof v === 'object';

/** Interprets one tree for one set of encoded inputs. */
export function interpret(e: Expr, rule: Rule, inputs: Record<string, number>, res: Resolution): TraceNode {
  const node = (
    kind: ValueKind,
    value: number,
    extra: Partial<TraceNode> = {},
    children: TraceNode[] = [],
  ): TraceNode => ({
    op: e.op,
    kind,
    value,
    children,
    ...extra,
  });
  const numeric = (v: NumericValue, kind: ValueKind): Partial<TraceNode> & { value: number } =>
    isRatio(v)
      ? { value: 0, ratio: { num: String(v.num), den: String(v.den) } }
      : { value: kind === 'bool' ? Number(v) : v };
  switch (e.op) {
    case 'input': {
      const spec = rule.inputs[e.name];
      if (!spec) throw new Error(`${rule.id}: unknown input ${e.name}`);
      const kind: ValueKind =
        spec.type === 'fen' ? 'money' : spec.type === 'bool' ? 'bool' : spec.type === 'date' ? 'date' : 'int';
      return node(kind, inputs[e.name]!, { input: e.name, label: spec.label });
    }
    case 'const':
      return node(e.money ? 'money' : 'int', e.value, e.label ? { label: e.label } : {});
    case 'param': {
      const got = res.scalars.get(e.id);
      if (!got) {
        // whenUnknown covers "decided but not yet published"; a parameter with no value at all is an error.
        if (e.whenUnknown === undefined || !res.pending.has(e.id)) throw noValue(e.id, res.instant);
        return node('int', e.whenUnknown, { unknownParameter: e.id });
      }
      const kind = kindOfUnit(got.source.unit);
      const n = numeric(got.value, kind);
      return node(kind, n.value, { ...n, parameter: got.source, label: got.source.label });
    }
    case 'table': {
      const key = interpret(e.key, rule, inputs, res);
      const got = res.tables.get(e.id)?.get(String(key.value));
      if (!got) {
        if (e.whenMissing === undefined) throw noValue(e.id, res.instant, { [e.dimension]: key.value });
        return node('int', e.whenMissing, { unknownParameter: e.id, key: String(key.value) }, [key]);
      }
      const kind = kindOfUnit(got.source.unit);
      const n = numeric(got.value, kind);
      return node(
        kind,
        n.value,
        { ...n, parameter: got.source, label: got.source.label, key: String(key.value) },
        [key],
      );
    }
    case 'add':
    case 'sub':
    case 'min':
    case 'max': {
      const [a, b] = e.args.map((x) => interpret(x, rule, inputs, res)) as [TraceNode, TraceNode];
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
      return node(a.kind === 'int' ? b.kind : a.kind, v, {}, [a, b]);
    }
    case 'times': {
      const a = interpret(e.a, rule, inputs, res);
      const n = interpret(e.n, rule, inputs, res);
      return node(a.kind === 'int' ? n.kind : a.kind, a.value * n.value, {}, [a, n]);
    }
    case 'ratio': {
      const a = interpret(e.a, rule, inputs, res);
      const r = interpret(e.ratio, rule, inputs, res);
      if (!r.ratio) throw new Error(`${rule.id}: ratio() needs a percent/ratio parameter`);
      const v = applyRatio(a.value, { num: BigInt(r.ratio.num), den: BigInt(r.ratio.den) }, e.rounding);
      return node('money', v, { rounding: e.rounding }, [a, r]);
    }
    case 'if': {
      const c = interpret(e.cond, rule, inputs, res);
      const taken = interpret(c.value ? e.then : e.else, rule, inputs, res);
      return node(taken.kind, taken.value, {}, [c, taken]);
    }
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
    case 'eq':
    case 'ne': {
      const [a, b] = e.args.map((x) => interpret(x, rule, inputs, res)) as [TraceNode, TraceNode];
      const cmp = {
        lt: a.value < b.value,
        le: a.value <= b.value,
        gt: a.value > b.value,
        ge: a.value >= b.value,
        eq: a.value === b.value,
        ne: a.value !== b.value,
      }[e.op];
      return node('bool', cmp ? 1 : 0, {}, [a, b]);
    }
    case 'and':
    case 'or': {
      const xs = e.args.map((x) => interpret(x, rule, inputs, res));
      const v = e.op === 'and' ? xs.every((x) => x.value) : xs.some((x) => x.value);
      return node('bool', v ? 1 : 0, {}, xs);
    }
    case 'not': {
      const a = interpret(e.a, rule, inputs, res);
      return node('bool', a.value ? 0 : 1, {}, [a]);
    }
    case 'in': {
      const a = interpret(e.a, rule, inputs, res);
      return node('bool', e.set.includes(a.value) ? 1 : 0, e.label ? { label: e.label } : {}, [a]);
    }
    case 'step': {
      const a = interpret(e.a, rule, inputs, res);
      return node(a.kind, a.value, { label: e.label, ...(e.note ? { note: e.note } : {}) }, [a]);
    }
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

function collectParameters(n: TraceNode, out: Map<string, ResolvedValue>): void {
  if (n.parameter)
    out.set(
      `${n.parameter.parameterId}|${JSON.stringify(n.parameter.coords)}|${n.parameter.region}`,
      n.parameter,
    );
  for (const c of n.children) collectParameters(c, out);
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
  const version = versionAt(rule, at.date);
  const trees = version.outputs();
  const res = resolveParameters(store, Object.values(trees), at);
  const trace: Record<string, TraceNode> = {};
  const outputs: Record<string, number> = {};
  const used = new Map<string, ResolvedValue>();
  for (const [name, tree] of Object.entries(trees)) {
    if (!(name in rule.outputs)) continue;
    const t = interpret(tree, rule, inputs, res);
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
    parameters: [...used.values()],
  };
}
