/**
 * 山西省特困救助供养对象“爱心消费券” (seed S7): 1500 元 per 特困 person, issued by each county, to be
 * completed by the end of February 2023. Parameters: shanxi-love-voucher.params.yaml.
 *
 * Readings written down and tested (scenarios file):
 * - `persons` counts 特困救助供养对象 (one person, a household, or a county's roster for a budget); the
 *   amount is 1500 元 × persons — an integer product, no rounding.
 * - The issuance date is an input: the engine has no node for the evaluation date, so the caller passes the
 *   date the voucher is (to be) issued, normally the evaluation date. Issued when it is on or before the
 *   deadline 2023-02-28 (「2 月底前」 includes the 28th); from 2023-03-01 this round is not issued.
 * - In force from 2022-12-30, the date of the report (the decision is dated only 「近日」); evaluating an
 *   earlier date is RULE_NOT_IN_FORCE. Published the same day, so no as-known-on fallback is needed.
 * @see seeds/002_a91911f272885bf6.txt 《山西日报》 2022-12-30
 */
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const P = 'livelihood.sx_voucher';

const issued = f.step(
  '是否在发放期限内',
  f.le(f.input('issueDate'), f.param(`${P}.issue_deadline`)),
  '发放期限：2023 年 2 月底前（含 2 月 28 日）',
);

/** 山西省特困救助供养对象爱心消费券. */
export const shanxiLoveVoucher = defineRule({
  id: 'livelihood.shanxi_love_voucher',
  label: '山西省特困救助供养对象爱心消费券',
  description: '特困救助供养对象每人 1500 元爱心消费券，由各县（市、区）发放，2023 年 2 月底前完成',
  inputs: {
    persons: { type: 'int', label: '特困救助供养对象人数', min: 0, max: 1_000_000 },
    issueDate: { type: 'date', label: '发放日期' },
  },
  outputs: {
    issued: { label: '是否发放', kind: 'bool' },
    amount: { label: '爱心消费券金额', kind: 'money' },
  },
  versions: [
    {
      from: '2022-12-30',
      note: '省政府决定再次为特困救助供养对象发放爱心消费券（每人 1500 元），2023 年 2 月底前完成发放',
      outputs: () => ({
        issued,
        amount: f.when(
          issued,
          f.times(f.param(`${P}.amount_per_person`), f.input('persons')),
          f.fen(0, '已过发放截止日，不再发放'),
        ),
      }),
    },
  ],
});
