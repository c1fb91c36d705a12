/**
 * 失业保险金领取条件与最长领取期限 (社会保险法 §45–§46; domain-cn.md §3.5). National parameters (000000),
 * which every region falls back to. Parameters: eligibility-duration.params.yaml.
 *
 * Readings written down and tested (scenarios file):
 * - Conditions (all three, §45): cumulative contributions ≥ 12 months; unemployment 非因本人意愿;
 *   失业登记 done with a wish to find work. Each is an input: the caseworker (or the registration record)
 *   establishes the facts, the rule only combines them.
 * - `contributionMonths` is the cumulative contribution time that counts for this unemployment: for a
 *   person who drew benefit before, it counts from re-employment (§46 「缴费时间重新计算」).
 * - Bands by cumulative contribution months: 12–59 → 12 months, 60–119 → 18, ≥ 120 → 24
 *   (「满…」 and 「…以上」 include the number, 「不足…」 excludes it).
 * - `remainderMonths` is the period the person was entitled to after the previous unemployment but did not
 *   draw; it is added to this period and the sum is capped at 24 months.
 * - The remainder is combined only with a new entitlement: a person who does not meet the three conditions
 *   this time gets 0 months (some provinces pay the remainder alone; that would be a regional variant).
 * No money is involved, so no rounding.
 */
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const P = 'unemployment.statute';

const contributionMonths = f.input('contributionMonths');

const eligible = f.step(
  '是否符合领取条件',
  f.all(
    f.ge(contributionMonths, f.param(`${P}.min_contribution_months`)),
    f.input('involuntary'),
    f.input('registered'),
  ),
  '须同时满足：失业前累计缴费满一年、非因本人意愿中断就业、已进行失业登记并有求职要求',
);

const bandDuration = f.when(
  f.ge(contributionMonths, f.param(`${P}.band_10y_months`)),
  f.param(`${P}.duration_10y_plus`),
  f.when(
    f.ge(contributionMonths, f.param(`${P}.band_5y_months`)),
    f.param(`${P}.duration_5y_to_10y`),
    f.param(`${P}.duration_under_5y`),
  ),
);

const notEligible = f.num(0, '不符合领取条件');

const periodMonths = f.step('本次失业最长领取期限（月）', f.when(eligible, bandDuration, notEligible));

const totalMonths = f.step(
  '合并后最长领取期限（月）',
  f.when(
    eligible,
    f.min(f.add(periodMonths, f.input('remainderMonths')), f.param(`${P}.combined_cap`)),
    notEligible,
  ),
);

/** 失业保险金领取条件与最长领取期限. */
export const unemploymentEligibilityDuration = defineRule({
  id: 'unemployment.eligibility_duration',
  label: '失业保险金领取条件与最长领取期限',
  description:
    '三项领取条件（缴费满一年、非因本人意愿中断就业、已失业登记并有求职要求）；按累计缴费年限确定最长领取期限 12/18/24 个月，前次未领取期限合并计算、最长不超过 24 个月',
  inputs: {
    contributionMonths: { type: 'int', label: '累计缴费月数', min: 0, max: 720 },
    involuntary: { type: 'bool', label: '非因本人意愿中断就业' },
    registered: { type: 'bool', label: '已进行失业登记并有求职要求' },
    remainderMonths: { type: 'int', label: '前次失业应领未领月数', min: 0, max: 24 },
  },
  outputs: {
    eligible: { label: '是否符合领取失业保险金条件', kind: 'bool' },
    periodMonths: { label: '本次失业最长领取期限（月）', kind: 'int' },
    totalMonths: { label: '合并后最长领取期限（月）', kind: 'int' },
  },
  versions: [
    {
      from: '2011-07-01',
      note: '社会保险法第四十五条、第四十六条，自 2011-07-01 起施行',
      outputs: () => ({ eligible, periodMonths, totalMonths }),
    },
  ],
});
