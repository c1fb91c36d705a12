/**
 * Compiled single evaluation. A rule version's expression trees — the same trees batch.ts compiles for
 * whole populations — are compiled once into a JavaScript function that evaluates one set of encoded inputs
 * and records every node it evaluates into typed-array slots: its value, its kind, its index in the flat
 * trace and, for a table, the entry it read. The trace and the explanation are read from the slots
 * afterwards (evaluate.ts, explain.ts); no trace objects are built.
 *
 * The semantics are the reference interpreter's (reference.ts), node for node: only the taken side of a
 * condition runs and appears in the trace, a sub-tree shared by several outputs (the same Expr object) runs
 * once, every argument of all/any runs, errors are thrown where the interpreter throws them. A property
 * test holds the two equal over every registered rule.
 *
 * Parameters are not inlined: the code is compiled per rule version and reads a version's parameters at an
 * instant from an `Instant` binding (values, kinds, table entries, citations), built once per resolution.
 * One hot function per rule version keeps the JIT's work independent of how many instants are asked for.
 */
import { DomainError } from '@renshe/domain/errors.ts';
import { applyRatio, type Ratio } from '@renshe/domain/money/money.ts';
import { childrenOf, type Expr } from './expr.ts';
import type { Instant, ResolvedValue } from './parameters.ts';
import type { Resolution } from './resolve.ts';
import { type Rule, type RuleVersion, treesOf } from './rule.ts';

/** What kind of number a node holds (for formatting). */
export type ValueKind = 'money' | 'int' | 'bool' | 'date' | 'ratio';

/** Kinds as the slots hold them (index into KINDS). */
export const KINDS: readonly ValueKind[] = ['money', 'int', 'bool', 'date', 'ratio'];
const MONEY = 0;
const INT = 1;
const BOOL = 2;
const DATE = 3;
const RATIO = 4;

/** A ratio parameter's value as written in a trace (exact integers as decimal strings). */
export type RatioText = { num: string; den: string };

/** Status of a `param` slot at an instant. */
export const PARAM_FOUND = 1;
/** Decided but not yet published as known on the date: `whenUnknown` is used. */
export const PARAM_PENDING = 2;

/** A rule version compiled for single evaluation. */
export interface SinglePlan {
  rule: Rule;
  version: RuleVersion;
  /** Shared description of the rule version (the same object in every calculation). */
  info: {
    readonly id: string;
    readonly label: string;
    readonly version: string;
    readonly versionNote: string;
  };
  /** Outputs in trace order, and the slot of each output's root. */
  outputNames: string[];
  roots: Int32Array;
  /** Number of slots (distinct nodes). */
  size: number;
  exprs: Expr[];
  ops: Expr['op'][];
  /** Static children by slot (for `if`: condition, then, else). */
  kids: number[][];
  /** Input names in the order of the encoded input vector. */
  inputNames: string[];
  /** Every tree of the version (what the parameter resolution covers). */
  trees: Expr[];
  /** Key of the version for the resolution cache. */
  key: string;
  exec: (x: number[], run: SingleRun, at: InstantBinding) => void;
}

/** One table parameter at an instant: its entries in force, found by numeric key. */
export interface TableBinding {
  byKey: Map<number, number>;
  values: Float64Array;
  kinds: Uint8Array;
  sources: ResolvedValue[];
  ratios: (RatioText | undefined)[];
}

/** A plan's parameters at one instant, by slot. Built once per resolution. */
export interface InstantBinding {
  plan: SinglePlan;
  instant: Readonly<Required<Instant>>;
  /** Param slots: 0 no value, PARAM_FOUND, PARAM_PENDING. */
  paramState: Int8Array;
  paramValue: Float64Array;
  paramKind: Uint8Array;
  source: (ResolvedValue | undefined)[];
  ratio: (RatioText | undefined)[];
  table: (TableBinding | undefined)[];
  /** Static text the readers build once per instant (evaluate.ts: trace JSON; explain.ts: phrases). */
  traceParts?: {
    outputs: Uint8Array[];
    head: Uint8Array[];
    tail: Uint8Array[];
    missingTail: Uint8Array[];
    keyOnly: Uint8Array;
    keyEnd: Uint8Array;
  };
  phrases?: (string | undefined)[];
  entryPhrases?: Map<number, string[]>;
}

/**
 * The slots of one evaluation. Plain arrays, not typed arrays: allocating six small typed arrays per
 * calculation cost more than the whole evaluation.
 */
export interface SingleRun {
  values: number[];
  kinds: number[];
  /** Trace index of each slot, -1 when the node was not evaluated. */
  index: number[];
  /** Slot of each trace index (post-order: children before parents). */
  order: number[];
  count: number;
  /** Table slots: the entry read, -1 when the key had none. */
  entries: number[];
  /** Param and table slots in the order they were first reached (pre-order, as the trace is walked). */
  touched: number[];
  touchedCount: number;
}

const kindOfUnit = (unit: ResolvedValue['unit']): number =>
  unit === 'yuan' ? MONEY : unit === 'percent' || unit === 'ratio' ? RATIO : unit === 'date' ? DATE : INT;

const ratioTexts = new WeakMap<Ratio, RatioText>();
function ratioText(v: Ratio): RatioText {
  let r = ratioTexts.get(v);
  if (!r) {
    r = { num: String(v.num), den: String(v.den) };
    ratioTexts.set(v, r);
  }
  return r;
}

function noValue(id: string, at: Instant, coords: Record<string, unknown> = {}): DomainError {
  return new DomainError(
    'PARAMETER_NO_VALUE',
    `参数 ${id} 在 ${at.date}（以 ${at.asKnownOn ?? at.date} 已公布的规定为准）对区划 ${at.region} 没有取值`,
    { parameter: id, coords, ...at },
  );
}

const plans = new WeakMap<RuleVersion, SinglePlan>();

/** The compiled plan of a rule version (built once). */
export function planOf(rule: Rule, version: RuleVersion): SinglePlan {
  let plan = plans.get(version);
  if (!plan) {
    plan = compileSingle(rule, version, treesOf(rule, version));
    plans.set(version, plan);
  }
  return plan;
}

function compileSingle(rule: Rule, version: RuleVersion, trees: Record<string, Expr>): SinglePlan {
  const outputNames = Object.keys(trees).filter((name) => name in rule.outputs);
  const slotOf = new Map<Expr, number>();
  const exprs: Expr[] = [];
  const refs: number[] = [];
  const visit = (e: Expr): number => {
    const known = slotOf.get(e);
    if (known !== undefined) {
      refs[known]!++;
      return known;
    }
    const s = exprs.push(e) - 1;
    slotOf.set(e, s);
    refs[s] = 1;
    for (const c of childrenOf(e)) visit(c);
    return s;
  };
  const roots = Int32Array.from(outputNames.map((name) => visit(trees[name]!)));
  const kids = exprs.map((e) => childrenOf(e).map((c) => slotOf.get(c)!));
  const inputNames = Object.keys(rule.inputs);
  const inputIndex = new Map(inputNames.map((n, i) => [n, i]));

  // Constants the generated code refers to by index (sets of `in`, rounding modes, input kinds).
  const consts: unknown[] = [];
  const ref = (v: unknown) => `C[${consts.push(v) - 1}]`;
  const shared = (s: number) => refs[s]! > 1;
  const functions: string[] = [];

  // Statements evaluating slot s (its children first), ending with its trace index.
  const code = (s: number): string[] => {
    const e = exprs[s]!;
    const [a, b] = kids[s]!;
    const child = (c: number): string[] => (shared(c) ? [`n${c}();`] : code(c));
    const out: string[] = [];
    const finish = () => out.push(`ix[${s}] = t; ord[t++] = ${s};`);
    const arith = (expr: string, checked: boolean) => {
      out.push(...child(a!), ...child(b!));
      if (checked) {
        out.push(`{ const r = ${expr}; if (!Number.isSafeInteger(r)) throw OVERFLOW(); v[${s}] = r; }`);
      } else out.push(`v[${s}] = ${expr};`);
      out.push(`k[${s}] = k[${a}] === ${INT} ? k[${b}] : k[${a}];`);
    };
    switch (e.op) {
      case 'input': {
        const spec = rule.inputs[e.name];
        if (!spec) {
          out.push(`throw new Error(${JSON.stringify(`${rule.id}: unknown input ${e.name}`)});`);
          return out;
        }
        const kind =
          spec.type === 'fen' ? MONEY : spec.type === 'bool' ? BOOL : spec.type === 'date' ? DATE : INT;
        out.push(`v[${s}] = x[${inputIndex.get(e.name)}]; k[${s}] = ${kind};`);
        break;
      }
      case 'const':
        out.push(`v[${s}] = ${ref(e.value)}; k[${s}] = ${e.money ? MONEY : INT};`);
        break;
      case 'param':
        out.push(
          `pre[p++] = ${s};`,
          `if (PS[${s}] === 0) throw noValueAt(AT, ${s}, undefined);`,
          `v[${s}] = PV[${s}]; k[${s}] = PK[${s}];`,
        );
        break;
      case 'table':
        out.push(`pre[p++] = ${s};`, ...child(a!));
        out.push(
          `{ const tb = TB[${s}]; const key = v[${a}]; const i = tb.byKey.get(key);`,
          '  if (i !== undefined) {',
          `    ent[${s}] = i; v[${s}] = tb.values[i]; k[${s}] = tb.kinds[i];`,
          '  } else {',
          e.whenMissing === undefined
            ? `    throw noValueAt(AT, ${s}, key);`
            : `    ent[${s}] = -1; v[${s}] = ${ref(e.whenMissing)}; k[${s}] = ${INT};`,
          '  } }',
        );
        break;
      case 'add':
        arith(`v[${a}] + v[${b}]`, true);
        break;
      case 'sub':
        arith(`v[${a}] - v[${b}]`, true);
        break;
      case 'min':
        arith(`Math.min(v[${a}], v[${b}])`, true);
        break;
      case 'max':
        arith(`Math.max(v[${a}], v[${b}])`, true);
        break;
      case 'times':
        arith(`v[${a}] * v[${b}]`, false);
        break;
      case 'ratio':
        out.push(...child(a!), ...child(b!));
        out.push(
          `v[${s}] = applyRatio(v[${a}], ratioAt(AT, v, ent, ${b}), ${ref(e.rounding)}); k[${s}] = ${MONEY};`,
        );
        break;
      case 'if': {
        const [, th, el] = kids[s]!;
        out.push(...child(a!));
        out.push(`if (v[${a}]) {`, ...child(th!).map((l) => `  ${l}`));
        out.push(`  v[${s}] = v[${th}]; k[${s}] = k[${th}];`, '} else {');
        out.push(...child(el!).map((l) => `  ${l}`), `  v[${s}] = v[${el}]; k[${s}] = k[${el}];`, '}');
        break;
      }
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
      case 'eq':
      case 'ne': {
        const sym = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '===', ne: '!==' }[e.op];
        out.push(...child(a!), ...child(b!), `v[${s}] = v[${a}] ${sym} v[${b}] ? 1 : 0; k[${s}] = ${BOOL};`);
        break;
      }
      case 'and':
      case 'or': {
        const xs = kids[s]!;
        for (const c of xs) out.push(...child(c));
        const test = xs.length
          ? xs.map((c) => `v[${c}] !== 0`).join(e.op === 'and' ? ' && ' : ' || ')
          : String(e.op === 'and');
        out.push(`v[${s}] = ${test} ? 1 : 0; k[${s}] = ${BOOL};`);
        break;
      }
      case 'not':
        out.push(...child(a!), `v[${s}] = v[${a}] ? 0 : 1; k[${s}] = ${BOOL};`);
        break;
      case 'in':
        out.push(...child(a!), `v[${s}] = ${ref(e.set)}.includes(v[${a}]) ? 1 : 0; k[${s}] = ${BOOL};`);
        break;
      case 'step':
        out.push(...child(a!), `v[${s}] = v[${a}]; k[${s}] = k[${a}];`);
        break;
    }
    finish();
    return out;
  };

  for (let s = 0; s < exprs.length; s++) {
    if (!shared(s)) continue;
    functions.push(
      `function n${s}() {`,
      `  if (ix[${s}] >= 0) return;`,
      ...code(s).map((l) => `  ${l}`),
      '}',
    );
  }
  const body = [...roots].map((s) => (shared(s) ? `n${s}();` : code(s).join('\n')));
  const source = [
    'let x, v, k, ix, ord, ent, pre, t, p, PS, PV, PK, TB, AT;',
    ...functions,
    'return function exec(x_, run, at) {',
    '  x = x_; v = run.values; k = run.kinds; ix = run.index; ord = run.order; ent = run.entries;',
    '  pre = run.touched; t = 0; p = 0;',
    '  PS = at.paramState; PV = at.paramValue; PK = at.paramKind; TB = at.table;',
    '  AT = at;',
    ...body.map((l) => `  ${l.replaceAll('\n', '\n  ')}`),
    '  run.count = t; run.touchedCount = p;',
    '};',
  ].join('\n');
  const exec = new Function('C', 'applyRatio', 'OVERFLOW', 'ratioAt', 'noValueAt', source)(
    consts,
    applyRatio,
    () => new DomainError('RULE_OVERFLOW', `「${rule.label}」计算结果超出范围`, {}),
    ratioAt,
    noValueAt,
  ) as SinglePlan['exec'];

  return {
    rule,
    version,
    info: Object.freeze({ id: rule.id, label: rule.label, version: version.from, versionNote: version.note }),
    outputNames,
    roots,
    size: exprs.length,
    exprs,
    ops: exprs.map((e) => e.op),
    kids,
    inputNames,
    trees: Object.values(trees),
    key: `${rule.id}@${version.from}`,
    exec,
  };
}

const bigRatios = new WeakMap<RatioText, Ratio>();

/**
 * The ratio a `ratio()` node applies, read from its second child as the interpreter does: a ratio-valued
 * parameter, or a parameter not yet known (its fallback read as a percentage); anything else is an error.
 */
function ratioAt(at: InstantBinding, values: number[], entries: number[], slot: number): Ratio {
  const op = at.plan.ops[slot];
  let text: RatioText | undefined;
  if (op === 'param') {
    text = at.paramState[slot] === PARAM_PENDING ? { num: String(values[slot]), den: '100' } : at.ratio[slot];
  } else if (op === 'table') {
    const i = entries[slot]!;
    text = i >= 0 ? at.table[slot]!.ratios[i] : { num: String(values[slot]), den: '100' };
  }
  if (!text) throw new Error(`${at.plan.rule.id}: ratio() needs a percent/ratio parameter`);
  let r = bigRatios.get(text);
  if (!r) {
    r = { num: BigInt(text.num), den: BigInt(text.den) };
    bigRatios.set(text, r);
  }
  return r;
}

function noValueAt(at: InstantBinding, slot: number, key: number | undefined): DomainError {
  const e = at.plan.exprs[slot]!;
  if (e.op === 'table') return noValue(e.id, at.instant, { [e.dimension]: key });
  return noValue((e as { id: string }).id, at.instant);
}

const bindings = new WeakMap<Resolution, InstantBinding>();

/** The plan's parameters at a resolved instant (built once per resolution). */
export function bindInstant(plan: SinglePlan, res: Resolution): InstantBinding {
  let at = bindings.get(res);
  if (at && at.plan === plan) return at;
  const n = plan.size;
  at = {
    plan,
    instant: Object.freeze({
      region: res.instant.region,
      date: res.instant.date,
      asKnownOn: res.instant.asKnownOn!,
    }),
    paramState: new Int8Array(n),
    paramValue: new Float64Array(n),
    paramKind: new Uint8Array(n),
    source: new Array(n).fill(undefined),
    ratio: new Array(n).fill(undefined),
    table: new Array(n).fill(undefined),
  };
  const tables = new Map<string, TableBinding>();
  for (let s = 0; s < n; s++) {
    const e = plan.exprs[s]!;
    if (e.op === 'param') {
      const got = res.scalars.get(e.id);
      if (got) {
        at.paramState[s] = PARAM_FOUND;
        at.paramKind[s] = kindOfUnit(got.source.unit);
        at.source[s] = got.source;
        if (typeof got.value === 'object') at.ratio[s] = ratioText(got.value);
        else at.paramValue[s] = got.value;
      } else if (e.whenUnknown !== undefined && res.pending.has(e.id)) {
        at.paramState[s] = PARAM_PENDING;
        at.paramKind[s] = INT;
        at.paramValue[s] = e.whenUnknown;
      }
    } else if (e.op === 'table') {
      let tb = tables.get(e.id);
      if (!tb) {
        const entries = [...(res.tables.get(e.id) ?? [])].filter(([k]) => String(Number(k)) === k);
        tb = {
          byKey: new Map(entries.map(([k], i) => [Number(k), i])),
          values: Float64Array.from(entries, ([, got]) => (typeof got.value === 'object' ? 0 : got.value)),
          kinds: Uint8Array.from(entries, ([, got]) => kindOfUnit(got.source.unit)),
          sources: entries.map(([, got]) => got.source),
          ratios: entries.map(([, got]) =>
            typeof got.value === 'object' ? ratioText(got.value) : undefined,
          ),
        };
        tables.set(e.id, tb);
      }
      at.table[s] = tb;
    }
  }
  bindings.set(res, at);
  return at;
}

/** Evaluates encoded inputs (in `plan.inputNames` order) at an instant. */
export function runSingle(at: InstantBinding, x: number[]): SingleRun {
  const n = at.plan.size;
  const run: SingleRun = {
    values: new Array(n).fill(0),
    kinds: new Array(n).fill(0),
    index: new Array(n).fill(-1),
    order: new Array(n).fill(0),
    count: 0,
    entries: new Array(n).fill(0),
    touched: new Array(n).fill(0),
    touchedCount: 0,
  };
  at.plan.exec(x, run, at);
  return run;
}
