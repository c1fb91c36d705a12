/**
 * Renders a calculation's trace as Chinese sentences a beneficiary or an auditor can read, e.g.
 * 「伤残津贴：原伤残津贴 2900.00 元 + 伤残津贴调增额（一级）162.00 元 = 3062.00 元，低于伤残津贴保底标准
 * 3164.00 元，补足至 3164.00 元」, followed by the legal basis of every parameter used.
 *
 * It reads the evaluated slots (single.ts). What does not depend on the inputs — a parameter's phrase, a
 * table entry's phrase, each 依据 line — is rendered once per instant or per value and reused; the
 * sentences are the reference renderer's (reference.ts), as the property test checks.
 */
import { fromEpochDay } from '@renshe/domain/dates.ts';
import { formatYuan, ROUNDING_LABELS, type RoundingMode } from '@renshe/domain/money/money.ts';
import { formatCitation } from './citation.ts';
import type { Calculation } from './evaluate.ts';
import { type JsonBytes, utf8 } from './json-bytes.ts';
import type { ResolvedValue } from './parameters.ts';
import { type InstantBinding, PARAM_FOUND, PARAM_PENDING, type RatioText, type SingleRun } from './single.ts';

const MONEY = 0;
const BOOL = 2;
const DATE = 3;

const ratioFormats = new WeakMap<RatioText, string>();
function formatRatio(r: RatioText): string {
  let text = ratioFormats.get(r);
  if (text === undefined) {
    const num = Number(r.num);
    const den = Number(r.den);
    const pct = (num * 100) / den;
    text = Number.isInteger(pct * 10000) ? `${Number(pct.toFixed(4))}%` : `${num}/${den}`;
    ratioFormats.set(r, text);
  }
  return text;
}

/** A ratio-valued parameter or table entry read at slot `s`, if any. */
function ratioOf(at: InstantBinding, run: SingleRun, s: number): RatioText | undefined {
  const op = at.plan.ops[s];
  if (op === 'param') return at.paramState[s] === PARAM_FOUND ? at.ratio[s] : undefined;
  if (op === 'table') {
    const e = run.entries[s]!;
    return e >= 0 ? at.table[s]!.ratios[e] : undefined;
  }
  return undefined;
}

/** Formats a slot's value by its kind (a ratio parameter as a percentage or fraction). */
function formatValue(at: InstantBinding, run: SingleRun, s: number, kind = run.kinds[s]!): string {
  const r = ratioOf(at, run, s);
  if (r) return formatRatio(r);
  const v = run.values[s]!;
  switch (kind) {
    case MONEY:
      return `${formatYuan(v)} 元`;
    case BOOL:
      return v ? '是' : '否';
    case DATE:
      return fromEpochDay(v);
    default:
      return String(v);
  }
}

/** The label a slot's trace node carries (inputs, constants, parameters found, steps, oneOf). */
function labelOf(at: InstantBinding, run: SingleRun, s: number): string | undefined {
  const e = at.plan.exprs[s]!;
  switch (e.op) {
    case 'input':
      return at.plan.rule.inputs[e.name]?.label;
    case 'const':
    case 'in':
    case 'step':
      return e.label;
    case 'param':
      return at.paramState[s] === PARAM_FOUND ? at.source[s]!.label : undefined;
    case 'table': {
      const i = run.entries[s]!;
      return i >= 0 ? at.table[s]!.sources[i]!.label : undefined;
    }
    default:
      return undefined;
  }
}

function named(at: InstantBinding, run: SingleRun, s: number): string {
  const label = labelOf(at, run, s);
  return label ? `${label} ${formatValue(at, run, s)}` : formatValue(at, run, s);
}

/** A parameter's phrase at this instant (its value does not depend on the inputs). */
function paramPhrase(at: InstantBinding, run: SingleRun, s: number): string {
  if (!at.phrases) at.phrases = new Array(at.plan.size).fill(undefined);
  const phrases = at.phrases;
  let text = phrases[s];
  if (text === undefined) {
    text =
      at.paramState[s] === PARAM_PENDING
        ? `${formatValue(at, run, s)}（尚无已公布的规定）`
        : named(at, run, s);
    phrases[s] = text;
  }
  return text;
}

/** A table entry's phrase, e.g. 「伤残津贴调增额（一级伤残） 162.00 元」 (once per entry and slot). */
function tablePhrase(at: InstantBinding, run: SingleRun, s: number): string {
  const i = run.entries[s]!;
  if (i < 0) return `${formatValue(at, run, s)}（无对应标准）`;
  if (!at.entryPhrases) at.entryPhrases = new Map();
  const bySlot = at.entryPhrases;
  let phrases = bySlot.get(s);
  if (!phrases) {
    phrases = [];
    bySlot.set(s, phrases);
  }
  let text = phrases[i];
  if (text === undefined) {
    const plan = at.plan;
    const key = String(run.values[plan.kids[s]![0]!]);
    const keyExpr = plan.exprs[plan.kids[s]![0]!]!;
    const spec = keyExpr.op === 'input' ? plan.rule.inputs[keyExpr.name] : undefined;
    const hit =
      spec?.type === 'enum' ? Object.values(spec.values).find((v) => String(v.code) === key) : undefined;
    text = `${labelOf(at, run, s)}${hit ? `（${hit.label}）` : `（${key}）`} ${formatValue(at, run, s)}`;
    phrases[i] = text;
  }
  return text;
}

const LEAVES = new Set(['input', 'const', 'param', 'table', 'step']);

/** The expression text of a slot with its values (a step nested inside shows as its label and value). */
function render(at: InstantBinding, run: SingleRun, s: number, top: boolean): string {
  const plan = at.plan;
  const op = plan.ops[s]!;
  if (!top && op === 'step') return named(at, run, s);
  const kids = plan.kids[s]!;
  switch (op) {
    case 'input':
    case 'const':
      return named(at, run, s);
    case 'param':
      return paramPhrase(at, run, s);
    case 'table':
      return tablePhrase(at, run, s);
    case 'step':
      return render(at, run, kids[0]!, false);
    case 'add':
    case 'sub':
      return `${render(at, run, kids[0]!, false)} ${op === 'add' ? '+' : '−'} ${render(at, run, kids[1]!, false)}`;
    case 'times':
      return `${render(at, run, kids[0]!, false)} × ${render(at, run, kids[1]!, false)}`;
    case 'ratio': {
      const rounding = (plan.exprs[s] as { rounding: RoundingMode }).rounding;
      return `${render(at, run, kids[0]!, false)} × ${render(at, run, kids[1]!, false)}（${ROUNDING_LABELS[rounding] ?? rounding}）= ${formatValue(at, run, s)}`;
    }
    case 'max':
    case 'min': {
      const [a, b] = kids as [number, number];
      const lhs = render(at, run, a, false);
      const base = LEAVES.has(plan.ops[a]!) ? lhs : `${lhs} = ${formatValue(at, run, a)}`;
      const limit = render(at, run, b, false);
      const [va, vb] = [run.values[a]!, run.values[b]!];
      if (op === 'max') {
        return va < vb
          ? `${base}，低于${limit}，补足至 ${formatValue(at, run, s)}`
          : `${base}（不低于${limit}）`;
      }
      return va > vb
        ? `${base}，超过${limit}，按 ${formatValue(at, run, s)} 计`
        : `${base}（未超过${limit}）`;
    }
    case 'if':
      return render(at, run, run.values[kids[0]!] ? kids[1]! : kids[2]!, false);
    default:
      return formatValue(at, run, s);
  }
}

/** How a value of each unit is written after the number (shared with the reference renderer). */
export const UNIT_SUFFIX: Record<string, string> = {
  yuan: ' 元',
  percent: '%',
  months: ' 个月',
  days: ' 日',
  hours: ' 小时',
  minutes: ' 分钟',
};

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

const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COMMA = 44;
const basisLines = new WeakMap<ResolvedValue, { line: string; json: Uint8Array }>();

/** The 依据 line of a parameter value, and its JSON literal encoded (both once per resolved value). */
function basis(p: ResolvedValue): { line: string; json: Uint8Array } {
  let b = basisLines.get(p);
  if (b === undefined) {
    const coords = Object.values(p.coords);
    const line = `依据：${p.label}${coords.length ? `（${coords.join('、')}）` : ''} ${p.written}${UNIT_SUFFIX[p.unit] ?? ''}，${formatCitation(p.citation)}，${p.effective} 起施行，${p.published} 公布`;
    b = { line, json: utf8(JSON.stringify(line)) };
    basisLines.set(p, b);
  }
  return b;
}

/** One sentence per output, then the note on parameters not yet published (if any). */
function sentences(calc: Calculation): string[] {
  const { at, run } = calc;
  const plan = at.plan;
  const lines: string[] = [];
  for (let i = 0; i < plan.outputNames.length; i++) {
    const s = plan.roots[i]!;
    const spec = plan.rule.outputs[plan.outputNames[i]!]!;
    const kind = spec.kind === 'money' ? MONEY : spec.kind === 'bool' ? BOOL : run.kinds[s]!;
    const value = formatValue(at, run, s, kind);
    const expr = spec.kind === 'bool' ? value : render(at, run, s, true);
    const text = statesValue(expr, value) ? expr : /^-?\d+$/.test(expr) ? value : `${expr} = ${value}`;
    const e = plan.exprs[s]!;
    const note = e.op === 'step' ? e.note : undefined;
    lines.push(`${spec.label}：${text}${note ? `（${note}）` : ''}`);
  }
  const pending = new Set<string>();
  for (let i = 0; i < run.touchedCount; i++) {
    const s = run.touched[i]!;
    const e = plan.exprs[s]!;
    if (e.op === 'param' && at.paramState[s] === PARAM_PENDING) pending.add(e.id);
  }
  if (pending.size) {
    lines.push(
      `说明：截至 ${calc.instant.asKnownOn} 尚无已公布的规定（${[...pending].join('、')}），按原标准计算；公布后的差额依规补发`,
    );
  }
  return lines;
}

/** The legal basis of every parameter used, once per distinct line. */
function bases(calc: Calculation): { line: string; json: Uint8Array }[] {
  const out: { line: string; json: Uint8Array }[] = [];
  const seen = new Set<string>();
  for (const p of calc.parameters) {
    const b = basis(p);
    if (!seen.has(b.line)) {
      seen.add(b.line);
      out.push(b);
    }
  }
  return out;
}

/** One sentence per output plus one per legal basis. */
export function explain(calc: Calculation): string[] {
  return [...sentences(calc), ...bases(calc).map((b) => b.line)];
}

/** Writes the explanation as a JSON array of strings (the 依据 lines from their encoded copies). */
export function writeExplanation(calc: Calculation, w: JsonBytes): void {
  w.byte(OPEN_ARRAY);
  let first = true;
  for (const line of sentences(calc)) {
    if (!first) w.byte(COMMA);
    w.string(line);
    first = false;
  }
  for (const b of bases(calc)) {
    if (!first) w.byte(COMMA);
    w.bytes(b.json);
    first = false;
  }
  w.byte(CLOSE_ARRAY);
}
