/**
 * 社会保险费滞纳金 (社会保险法 §86; domain-cn.md §3.6): an employer that does not pay in full and on time pays,
 * from the day of the arrears, a late fee of 0.05% of the unpaid amount per day. Parameters: late-fee.params.yaml.
 *
 * Readings written down and tested (scenarios file):
 * - Days are calendar days, an integer input counted by the collecting agency 「自欠缴之日起」 to the day of
 *   payment (which end days count is the agency's counting rule, outside this formula). 0 days → 0.
 * - Rounding: 欠缴金额 × 天数 × 0.05% computed exactly and rounded once, 四舍五入到分 (HALF_UP_FEN); not per day.
 *   (Per-day rounding would drift: 1.00 元 × 0.05% = 0.05 分 per day rounds to 0 every day.)
 * - No cap at the unpaid amount: §86 has none and the seeds/reference give none (whether 行政强制法 §45's cap
 *   applies to social-insurance late fees is contested; not encoded).
 * - Not computed: the 1–3× fine if still unpaid after the deadline (discretionary, a separate decision).
 * - From 2011-07-01 (before that, 征缴条例's 2‰/day applied; not encoded).
 */
import { RoundingMode } from '@renshe/domain/money/money.ts';
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const unpaid = f.input('unpaid');

const lateFee = f.step(
  '滞纳金',
  f.ratio(
    f.times(unpaid, f.input('daysLate')),
    f.param('social_insurance.late_fee.daily_pct'),
    RoundingMode.HALF_UP_FEN,
  ),
);

/** 社会保险费滞纳金. */
export const socialInsuranceLateFee = defineRule({
  id: 'social_insurance.late_fee',
  label: '社会保险费滞纳金',
  description:
    '用人单位未按时足额缴纳社会保险费的，自欠缴之日起按日加收万分之五的滞纳金（社会保险法第八十六条）',
  inputs: {
    unpaid: { type: 'fen', label: '欠缴社会保险费金额' },
    daysLate: { type: 'int', label: '欠缴天数（自然日）', min: 0, max: 36_500 },
  },
  outputs: {
    lateFee: { label: '滞纳金', kind: 'money' },
    totalDue: { label: '应补缴合计（欠费 + 滞纳金）', kind: 'money' },
  },
  versions: [
    {
      from: '2011-07-01',
      note: '社会保险法第八十六条，自 2011-07-01 起施行',
      outputs: () => ({ lateFee, totalDue: f.add(unpaid, lateFee) }),
    },
  ],
});
