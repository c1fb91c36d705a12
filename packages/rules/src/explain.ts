/**
 * Renders a calculation's trace as Chinese sentences a beneficiary or an auditor can read, e.g.
 * 「伤残津贴：原伤残津贴 2900.00 元 + 伤残津贴调增额（一级）162.00 元 = 3062.00 元，低于伤残津贴保底标准
 * 3164.00 元，补足至 3164.00 元」, followed by the legal basis of every parameter used.
 */
import { fromEpochDay } from '@renshe/domain/dates.ts';
import { formatYuan, ROUNDING_LABELS, type RoundingMode } from '@renshe/domain/money/money.ts';
import { formatCitation } from './citation.ts';
import type { Calculation, TraceNode } from './evaluate.ts';
import type { Rule } from './rule.ts';

/** Formats a node's value by its kind. */
export function formatValue(n: TraceNode): string {
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
export function renderExpression(rule: Rule, n: TraceNode, top = true): string {
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

const UNIT_SUFFIX: Record<string, string> = {
  yuan: ' 元',
  percent: '%',
  months: ' 个月',
  days: ' 日',
  hours: ' 小时',
  minutes: ' 分钟',
};

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
export function explain(rule: Rule, calc: Calculation): string[] {
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
