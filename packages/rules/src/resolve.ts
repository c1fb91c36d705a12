/**
 * Resolves every parameter a formula uses at one instant (region, date, as-known-on), once. Both the
 * single evaluator and the batch compiler read from the same resolution.
 */
import { toEpochDay } from '@renshe/domain/dates.ts';
import type { Ratio } from '@renshe/domain/money/money.ts';
import type { Expr } from './expr.ts';
import type { Instant, ParameterStore, ResolvedValue } from './parameters.ts';

/** A parameter's value as a formula sees it. */
export type NumericValue = number | Ratio;

/** Every parameter a tree uses, resolved. Scalars absent from `scalars` were not in force. */
export interface Resolution {
  instant: Instant;
  scalars: Map<string, { value: NumericValue; source: ResolvedValue }>;
  /** Scalars that have a value for this date but published after the as-known-on date. */
  pending: Set<string>;
  tables: Map<string, Map<string, { value: NumericValue; source: ResolvedValue }>>;
}

/** The numeric form of a resolved value (dates become epoch days). */
export function numericValue(v: ResolvedValue): NumericValue {
  if (v.unit === 'date') return toEpochDay(v.value as string);
  return v.value as NumericValue;
}

function collect(e: Expr, scalars: Set<string>, tables: Map<string, string>): void {
  if (e.op === 'param') scalars.add(e.id);
  if (e.op === 'table') tables.set(e.id, e.dimension);
  if (e.op === 'table') collect(e.key, scalars, tables);
  switch (e.op) {
    case 'input':
    case 'const':
    case 'param':
    case 'table':
      return;
    case 'times':
      collect(e.a, scalars, tables);
      collect(e.n, scalars, tables);
      return;
    case 'ratio':
      collect(e.a, scalars, tables);
      collect(e.ratio, scalars, tables);
      return;
    case 'if':
      collect(e.cond, scalars, tables);
      collect(e.then, scalars, tables);
      collect(e.else, scalars, tables);
      return;
    case 'not':
    case 'in':
    case 'step':
      collect(e.a, scalars, tables);
      return;
    default:
      for (const a of e.args) collect(a, scalars, tables);
  }
}

const cache = new WeakMap<ParameterStore, Map<string, Resolution>>();
const CACHE_LIMIT = 1024;

/**
 * Resolves the parameters of `trees` at `instant`, memoised per store and (trees, instant): the store is
 * immutable, so a resolution never goes stale. `cacheKey` names the trees (rule id + version).
 */
export function resolveParametersCached(
  store: ParameterStore,
  cacheKey: string,
  trees: Expr[],
  instant: Instant,
): Resolution {
  let byKey = cache.get(store);
  if (!byKey) {
    byKey = new Map();
    cache.set(store, byKey);
  }
  const key = `${cacheKey}|${instant.region}|${instant.date}|${instant.asKnownOn ?? ''}`;
  let res = byKey.get(key);
  if (!res) {
    res = resolveParameters(store, trees, instant);
    if (byKey.size >= CACHE_LIMIT) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, res);
  }
  return res;
}

/** Resolves the parameters of `trees` at `instant`. */
export function resolveParameters(store: ParameterStore, trees: Expr[], instant: Instant): Resolution {
  const scalarIds = new Set<string>();
  const tableIds = new Map<string, string>();
  for (const t of trees) collect(t, scalarIds, tableIds);
  const scalars: Resolution['scalars'] = new Map();
  const pending = new Set<string>();
  for (const id of scalarIds) {
    const v = store.find(id, {}, instant);
    if (v) scalars.set(id, { value: numericValue(v), source: v });
    else if (store.find(id, {}, { ...instant, asKnownOn: '9999-12-31' })) pending.add(id);
  }
  const tables: Resolution['tables'] = new Map();
  for (const [id, dim] of tableIds) {
    const m = new Map<string, { value: NumericValue; source: ResolvedValue }>();
    for (const key of store.keysOf(id, dim)) {
      const v = store.find(id, { [dim]: key }, instant);
      if (v) m.set(key, { value: numericValue(v), source: v });
    }
    tables.set(id, m);
  }
  return { instant, scalars, pending, tables };
}
