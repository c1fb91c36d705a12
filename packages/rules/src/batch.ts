/**
 * The batch path: compiles a rule's expression trees — the same trees the single evaluator compiles —
 * into one JavaScript loop over typed-array columns, with every parameter resolved once and inlined
 * (scalars as literals, tables as Float64Array lookups). No trace, no allocation per row.
 *
 * Money stays integer fen held in doubles: sums are exact below 2^53; `ratio()` rounds with integer
 * arithmetic and the compiled loop fails the batch if an intermediate leaves the exact range.
 */
import { DomainError } from '@renshe/domain/errors.ts';
import type { RoundingMode } from '@renshe/domain/money/money.ts';
import type { Expr } from './expr.ts';
import { type Instant, LATEST_KNOWLEDGE, type ParameterStore } from './parameters.ts';
import { type NumericValue, resolveParameters } from './resolve.ts';
import { type Rule, treesOf, versionAt } from './rule.ts';

/** A numeric column. */
export type Column =
  | Float64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | number[];

/** A compiled rule for one instant: call it with input columns of equal length. */
export interface BatchRunner {
  outputs: string[];
  /** Runs over the first `n` rows; `into` reuses output arrays (length ≥ n) instead of allocating. */
  run(
    columns: Record<string, Column>,
    n: number,
    into?: Record<string, Float64Array>,
  ): Record<string, Float64Array>;
  /** The generated loop (for inspection and the docs). */
  source: string;
}

const MAX_TABLE_KEY = 4096;

const roundingOf = (mode: RoundingMode): [kind: 'half' | 'ceil' | 'floor', unit: number] => {
  const m = /^(HALF_UP|CEIL|FLOOR)_(FEN|JIAO|YUAN)$/.exec(mode);
  if (!m) throw new Error(`unsupported rounding ${mode}`);
  const unit = m[2] === 'FEN' ? 1 : m[2] === 'JIAO' ? 10 : 100;
  return [m[1] === 'HALF_UP' ? 'half' : m[1] === 'CEIL' ? 'ceil' : 'floor', unit];
};

/** Compiles `rule` (the version in force at `instant.date`) for populations at that instant. */
export function compileRule(store: ParameterStore, rule: Rule, instant: Instant): BatchRunner {
  const at = { ...instant, asKnownOn: instant.asKnownOn ?? LATEST_KNOWLEDGE };
  const version = versionAt(rule, at.date);
  const trees = treesOf(rule, version);
  const outputs = Object.keys(rule.outputs);
  const res = resolveParameters(
    store,
    outputs.map((o) => trees[o]!),
    at,
  );

  // Code is emitted into nested blocks: each branch of a condition gets its own block, so only the taken
  // branch runs (as in the single evaluator); a value computed in a block is reused only within it.
  interface Block {
    lines: string[];
    memo: Map<Expr, string>;
    parent?: Block;
  }
  const root: Block = { lines: [], memo: new Map() };
  let cur = root;
  const lookup = (e: Expr): string | undefined => {
    for (let b: Block | undefined = cur; b; b = b.parent) {
      const v = b.memo.get(e);
      if (v) return v;
    }
    return undefined;
  };
  const tables: Float64Array[] = [];
  const inputs = new Set<string>();
  let counter = 0;
  const fresh = () => `v${counter++}`;
  const lit = (v: NumericValue, id: string): string => {
    if (typeof v === 'object') throw new Error(`${id}: a ratio parameter can only be used inside ratio()`);
    return Number.isFinite(v) ? String(v) : 'NaN';
  };

  const emit = (e: Expr): string => {
    const done = lookup(e);
    if (done) return done;
    let code: string;
    switch (e.op) {
      case 'input':
        if (!rule.inputs[e.name]) throw new Error(`${rule.id}: unknown input ${e.name}`);
        inputs.add(e.name);
        code = `x_${e.name}`; // read once per row at the top of the loop
        break;
      case 'const':
        code = String(e.value);
        break;
      case 'param': {
        const got = res.scalars.get(e.id);
        if (!got && (e.whenUnknown === undefined || !res.pending.has(e.id))) {
          throw new DomainError(
            'PARAMETER_NO_VALUE',
            `参数 ${e.id} 在 ${at.date} 对区划 ${at.region} 没有取值`,
            { parameter: e.id, ...at },
          );
        }
        code = got ? lit(got.value, e.id) : String(e.whenUnknown);
        break;
      }
      case 'table': {
        const t = new Float64Array(MAX_TABLE_KEY).fill(e.whenMissing ?? Number.NaN);
        for (const [k, got] of res.tables.get(e.id) ?? []) {
          const key = Number(k);
          if (!Number.isInteger(key) || key < 0 || key >= MAX_TABLE_KEY)
            throw new Error(`${e.id}: table keys must be integers 0..${MAX_TABLE_KEY - 1}`);
          t[key] = Number(lit(got.value, e.id));
        }
        tables.push(t);
        code = `T${tables.length - 1}[${emit(e.key)}]`; // out of range reads undefined → NaN, caught below
        break;
      }
      case 'add':
        code = `${emit(e.args[0])} + ${emit(e.args[1])}`;
        break;
      case 'sub':
        code = `${emit(e.args[0])} - ${emit(e.args[1])}`;
        break;
      case 'min': {
        const [a, b] = [emit(e.args[0]), emit(e.args[1])];
        code = `(${a} < ${b} || ${b} !== ${b} ? ${a} : ${b})`;
        break;
      }
      case 'max': {
        const [a, b] = [emit(e.args[0]), emit(e.args[1])];
        code = `(${a} > ${b} || ${b} !== ${b} ? ${a} : ${b})`;
        break;
      }
      case 'times':
        code = `${emit(e.a)} * ${emit(e.n)}`;
        break;
      case 'ratio': {
        const r = e.ratio;
        if (r.op !== 'param') throw new Error(`${rule.id}: ratio() takes a parameter`);
        const got = res.scalars.get(r.id);
        let num: number;
        let den: number;
        if (got && typeof got.value === 'object') {
          num = Number(got.value.num);
          den = Number(got.value.den);
        } else if (!got && r.whenUnknown !== undefined && res.pending.has(r.id)) {
          [num, den] = [r.whenUnknown, 100]; // not yet published: the fallback read as a percentage
        } else {
          throw new DomainError(
            'PARAMETER_NO_VALUE',
            `参数 ${r.id} 在 ${at.date} 对区划 ${at.region} 没有取值`,
            { parameter: r.id, ...at },
          );
        }
        const [kind, unit] = roundingOf(e.rounding);
        code = `R_${kind}(${emit(e.a)}, ${num}, ${den * unit}, ${unit})`;
        break;
      }
      case 'if': {
        const c = emit(e.cond);
        const v = fresh();
        const parent = cur;
        const branch = (x: Expr): string[] => {
          cur = { lines: [], memo: new Map(), parent };
          const r = emit(x);
          const out = [...cur.lines, `${v} = ${r};`];
          cur = parent;
          return out.map((l) => `  ${l}`);
        };
        const thenLines = branch(e.then);
        const elseLines = branch(e.else);
        parent.lines.push(`let ${v};`, `if (${c}) {`, ...thenLines, '} else {', ...elseLines, '}');
        parent.memo.set(e, v);
        return v;
      }
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
      case 'eq':
      case 'ne': {
        const sym = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '===', ne: '!==' }[e.op];
        code = `(${emit(e.args[0])} ${sym} ${emit(e.args[1])} ? 1 : 0)`;
        break;
      }
      case 'and':
      case 'or':
        code = `(${e.args.map(emit).join(e.op === 'and' ? ' && ' : ' || ')} ? 1 : 0)`;
        break;
      case 'not':
        code = `(${emit(e.a)} ? 0 : 1)`;
        break;
      case 'in':
        code = `(${e.set.map((s) => `${emit(e.a)} === ${s}`).join(' || ')} ? 1 : 0)`;
        break;
      case 'step':
        code = emit(e.a);
        break;
    }
    if (e.op === 'input' || e.op === 'const' || e.op === 'param') {
      cur.memo.set(e, code);
      return code;
    }
    const v = fresh();
    cur.lines.push(`const ${v} = ${code};`);
    cur.memo.set(e, v);
    return v;
  };

  const results = outputs.map((o) => emit(trees[o]!));
  const body = [
    ...[...inputs].map((name) => `const in_${name} = cols[${JSON.stringify(name)}];`),
    ...tables.map((_, k) => `const T${k} = tables[${k}];`),
    ...outputs.map((_o, k) => `const out_${k} = outs[${k}];`),
    'let acc = 0;',
    'for (let i = 0; i < n; i++) {',
    ...[...inputs].map((name) => `  const x_${name} = in_${name}[i];`),
    ...root.lines.map((l) => `  ${l}`),
    ...results.map((r, k) => `  out_${k}[i] = ${r};`),
    // Branch-free NaN detection: (r - r) is 0 for every number and NaN only for NaN.
    `  acc += ${results.map((r) => `(${r} - ${r})`).join(' + ') || '0'};`,
    '}',
    'if (acc === 0) return -1;',
    'for (let i = 0; i < n; i++) {',
    `  if (${outputs.map((_, k) => `out_${k}[i] !== out_${k}[i]`).join(' || ') || 'false'}) return i;`,
    '}',
    'return -1;',
  ].join('\n');
  const helpers = `
    const LIMIT = 9007199254740991;
    function R_half(a, num, d, unit) { const q = a * num; if (q > LIMIT || q < -LIMIT) return NaN; const s = q < 0 ? -1 : 1; return s * Math.floor((2 * s * q + d) / (2 * d)) * unit; }
    function R_ceil(a, num, d, unit) { const q = a * num; if (q > LIMIT || q < -LIMIT) return NaN; const s = q < 0 ? -1 : 1; return s * Math.ceil((s * q) / d) * unit; }
    function R_floor(a, num, d, unit) { const q = a * num; if (q > LIMIT || q < -LIMIT) return NaN; const s = q < 0 ? -1 : 1; return s * Math.floor((s * q) / d) * unit; }`;
  const source = `${helpers}\nreturn function run(cols, n, outs, tables) {\n${body}\n};`;
  const loop = new Function(source)() as (
    cols: Record<string, Column>,
    n: number,
    outs: Float64Array[],
    t: Float64Array[],
  ) => number;

  return {
    outputs,
    source,
    run(columns, n, into) {
      for (const name of inputs) {
        const col = columns[name];
        if (!col || col.length < n) {
          throw new DomainError('RULE_INPUT_INVALID', `批量计算缺少输入列 ${name} 或长度不足`, {
            field: name,
          });
        }
      }
      const outs = outputs.map((o) => (into?.[o] && into[o].length >= n ? into[o] : new Float64Array(n)));
      const bad = loop(columns, n, outs, tables);
      if (bad >= 0) {
        throw new DomainError(
          'PARAMETER_NO_VALUE',
          `第 ${bad + 1} 行在 ${at.date} 无法计算（参数缺失或数值超出范围）`,
          { row: bad, ...at },
        );
      }
      return Object.fromEntries(outputs.map((o, k) => [o, outs[k]!]));
    },
  };
}
