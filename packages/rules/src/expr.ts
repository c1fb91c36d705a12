/**
 * The formula language: a small expression tree that formulas build with plain TypeScript functions.
 * One tree, two compiled evaluators — `single.ts` for one person with a full trace (its semantics are the
 * reference interpreter's, `reference.ts`), `batch.ts` into a loop over typed-array columns for a whole
 * population — so the logic exists once.
 *
 * Values are numbers: money in integer fen, counts, enum codes, booleans as 0/1, dates as epoch days.
 */
import type { RoundingMode } from '@renshe/domain/money/money.ts';

/** A node of a formula. */
export type Expr =
  | { op: 'input'; name: string }
  | { op: 'const'; value: number; label?: string; money?: boolean }
  | { op: 'param'; id: string; whenUnknown?: number }
  | { op: 'table'; id: string; dimension: string; key: Expr; whenMissing?: number }
  | { op: 'add' | 'sub' | 'min' | 'max'; args: [Expr, Expr] }
  | { op: 'times'; a: Expr; n: Expr }
  | { op: 'ratio'; a: Expr; ratio: Expr; rounding: RoundingMode }
  | { op: 'if'; cond: Expr; then: Expr; else: Expr }
  | { op: 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne'; args: [Expr, Expr] }
  | { op: 'and' | 'or'; args: Expr[] }
  | { op: 'not'; a: Expr }
  | { op: 'in'; a: Expr; set: number[]; label?: string }
  | { op: 'step'; label: string; a: Expr; note?: string };

/** Functions a formula uses to build its tree. */
export const f = {
  /** An input of the rule. */
  input: (name: string): Expr => ({ op: 'input', name }),
  /** A constant (prefer parameters: a constant has no citation). */
  num: (value: number, label?: string): Expr => ({ op: 'const', value, ...(label ? { label } : {}) }),
  /** A constant amount in fen; with a label it explains itself (「未领取基础养老金 0.00 元」). */
  fen: (value: number, label?: string): Expr => ({
    op: 'const',
    value,
    money: true,
    ...(label ? { label } : {}),
  }),
  /**
   * A scalar parameter at the evaluation instant. `whenUnknown`: the value to use while a value already
   * decided for this date was not yet published on the as-known-on date (bitemporal back-pay). Inside
   * `ratio()` the fallback is read as a percentage (100 = unchanged).
   */
  param: (id: string, opts: { whenUnknown?: number } = {}): Expr => ({ op: 'param', id, ...opts }),
  /** A parameter looked up by one dimension whose key is an expression (e.g. the grade). */
  table: (id: string, dimension: string, key: Expr, opts: { whenMissing?: number } = {}): Expr => ({
    op: 'table',
    id,
    dimension,
    key,
    ...opts,
  }),
  add: (a: Expr, b: Expr): Expr => ({ op: 'add', args: [a, b] }),
  sub: (a: Expr, b: Expr): Expr => ({ op: 'sub', args: [a, b] }),
  min: (a: Expr, b: Expr): Expr => ({ op: 'min', args: [a, b] }),
  /** max(a, floor): explained as 「低于…补足至…」 when the floor applies. */
  max: (a: Expr, b: Expr): Expr => ({ op: 'max', args: [a, b] }),
  /** Sum of several terms. */
  sum: (...xs: Expr[]): Expr => xs.reduce((acc, x) => ({ op: 'add', args: [acc, x] })),
  /** amount × integer count. */
  times: (a: Expr, n: Expr): Expr => ({ op: 'times', a, n }),
  /** amount × percent/ratio parameter, rounded once with the named rule. */
  ratio: (a: Expr, ratio: Expr, rounding: RoundingMode): Expr => ({ op: 'ratio', a, ratio, rounding }),
  when: (cond: Expr, then: Expr, otherwise: Expr): Expr => ({ op: 'if', cond, then, else: otherwise }),
  lt: (a: Expr, b: Expr): Expr => ({ op: 'lt', args: [a, b] }),
  le: (a: Expr, b: Expr): Expr => ({ op: 'le', args: [a, b] }),
  gt: (a: Expr, b: Expr): Expr => ({ op: 'gt', args: [a, b] }),
  ge: (a: Expr, b: Expr): Expr => ({ op: 'ge', args: [a, b] }),
  eq: (a: Expr, b: Expr): Expr => ({ op: 'eq', args: [a, b] }),
  ne: (a: Expr, b: Expr): Expr => ({ op: 'ne', args: [a, b] }),
  all: (...args: Expr[]): Expr => ({ op: 'and', args }),
  any: (...args: Expr[]): Expr => ({ op: 'or', args }),
  not: (a: Expr): Expr => ({ op: 'not', a }),
  oneOf: (a: Expr, set: number[], label?: string): Expr => ({
    op: 'in',
    a,
    set,
    ...(label ? { label } : {}),
  }),
  /** A named intermediate value: it appears in the trace and the explanation under this label. */
  step: (label: string, a: Expr, note?: string): Expr => ({
    op: 'step',
    label,
    a,
    ...(note ? { note } : {}),
  }),
} as const;

/** Every parameter id a tree uses. */
export function parametersOf(e: Expr, out = new Set<string>()): Set<string> {
  if (e.op === 'param' || e.op === 'table') out.add(e.id);
  for (const c of childrenOf(e)) parametersOf(c, out);
  return out;
}

/** Direct children of a node. */
export function childrenOf(e: Expr): Expr[] {
  switch (e.op) {
    case 'input':
    case 'const':
    case 'param':
      return [];
    case 'table':
      return [e.key];
    case 'times':
      return [e.a, e.n];
    case 'ratio':
      return [e.a, e.ratio];
    case 'if':
      return [e.cond, e.then, e.else];
    case 'not':
    case 'in':
    case 'step':
      return [e.a];
    default:
      return e.args;
  }
}
