/**
 * 补发 (back-pay), computed from the bitemporal parameters rather than typed in: for each month from the
 * rule's effective month up to the month before payment, the amount *due* (the rule as known on the
 * payment date) minus the amount *paid* at the time (the rule as known on the first day of that month).
 * The payment month itself is paid at the new amount and owes nothing.
 *
 * Example (S2, published 2023-12-14): a grade-1 worker on 2900.00 元 paid on 2023-12-20 is owed
 * 11 months × (3164.00 − 2900.00) = 2904.00 元 for January–November 2023.
 */
import { DomainError } from '@renshe/domain/errors.ts';
import { formatYuan } from '@renshe/domain/money/money.ts';
import { evaluateRule } from './evaluate.ts';
import type { ParameterStore } from './parameters.ts';
import type { Rule } from './rule.ts';

/** One month of a back-pay calculation. */
export interface BackPayMonth {
  month: string;
  paid: number;
  due: number;
  owed: number;
}

/** The result: months, total owed (fen) and a Chinese explanation. */
export interface BackPay {
  output: string;
  months: BackPayMonth[];
  total: number;
  explanation: string[];
}

const MONTH_RE = /^(\d{4})-(\d{2})$/;

function monthsBetween(from: string, toExclusive: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key >= toExclusive) return out;
    out.push(key);
    if (out.length > 600)
      throw new DomainError('BACK_PAY_RANGE_INVALID', '补发期间超过 50 年', { from, toExclusive });
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

/** Computes the back-pay of one money output of `rule` for one beneficiary. */
export function computeBackPay(
  store: ParameterStore,
  rule: Rule,
  inputs: unknown,
  opts: { region: string; fromMonth: string; paymentDate: string; output: string },
): BackPay {
  if (!MONTH_RE.test(opts.fromMonth)) {
    throw new DomainError('BACK_PAY_RANGE_INVALID', `起始月份应为 YYYY-MM：${opts.fromMonth}`, {
      field: 'fromMonth',
    });
  }
  const spec = rule.outputs[opts.output];
  if (spec?.kind !== 'money') {
    throw new DomainError('RULE_OUTPUT_INVALID', `「${rule.label}」没有金额输出 ${opts.output}`, {
      field: 'output',
    });
  }
  const paymentMonth = opts.paymentDate.slice(0, 7);
  if (opts.fromMonth > paymentMonth) {
    throw new DomainError(
      'BACK_PAY_RANGE_INVALID',
      `起始月份 ${opts.fromMonth} 晚于发放日 ${opts.paymentDate}`,
      { field: 'fromMonth' },
    );
  }
  const months: BackPayMonth[] = monthsBetween(opts.fromMonth, paymentMonth).map((month) => {
    const date = `${month}-01`;
    const paid = evaluateRule(store, rule, inputs, { region: opts.region, date, asKnownOn: date }).outputs[
      opts.output
    ]!;
    const due = evaluateRule(store, rule, inputs, { region: opts.region, date, asKnownOn: opts.paymentDate })
      .outputs[opts.output]!;
    return { month, paid, due, owed: due - paid };
  });
  const total = months.reduce((s, m) => s + m.owed, 0);
  const explanation = [
    `${spec.label}补发：${opts.fromMonth} 至 ${months.at(-1)?.month ?? opts.fromMonth} 共 ${months.length} 个月，按 ${opts.paymentDate} 已公布的规定应发与当月已发之差合计 ${formatYuan(total)} 元`,
    ...months
      .filter((m) => m.owed !== 0)
      .map(
        (m) =>
          `${m.month}：应发 ${formatYuan(m.due)} 元 − 已发 ${formatYuan(m.paid)} 元 = ${formatYuan(m.owed)} 元`,
      ),
    `${paymentMonth} 起按新标准 ${formatYuan(
      evaluateRule(store, rule, inputs, {
        region: opts.region,
        date: `${paymentMonth}-01`,
        asKnownOn: opts.paymentDate,
      }).outputs[opts.output]!,
    )} 元发放`,
  ];
  return { output: opts.output, months, total, explanation };
}
