/**
 * 工伤保险费（用人单位缴纳）(seed S11; 工伤保险条例 2010 年修订 §10): premium = 本单位职工工资总额 × 单位缴费费率.
 * Parameters: work-injury-premium.params.yaml.
 *
 * Readings written down and tested (scenarios file):
 * - The employer alone pays; the employee pays nothing (§10, 社会保险法 §33): the employee share is
 *   an output fixed at 0, so a declaration that withholds it shows up as wrong.
 * - The rate is an input: no seed gives the industry rates or the employer's 浮动档次, and percentages
 *   cannot be inputs, so it is an integer in units of 0.001% (0.576% → 576). Capped at 5% (5000), above
 *   any statutory rate, which also keeps 工资总额 × 费率整数 exact (≤ 10^12 fen × 5000 < 2^53).
 * - Rounding: 工资总额 × 费率 computed exactly, 四舍五入到分 once (HALF_UP_FEN; the 条例 is silent).
 * - One calculation per employer: a person working for several employers (part-time included) is insured
 *   by each (《实施〈社会保险法〉若干规定》§9; seed 问题6/8); each employer's premium is its own payroll
 *   (which includes what it pays that person) × its own rate. The employer where the injury happened bears
 *   the liability (not a premium question).
 * - Not covered: industries where payroll is hard to use (e.g. construction by project cost) pay in ways the
 *   national department sets (last sentence of §10); how the period's 工资总额 is determined.
 */
import { RoundingMode } from '@renshe/domain/money/money.ts';
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const premium = f.step(
  '应缴工伤保险费',
  f.ratio(
    f.times(f.input('payroll'), f.input('rate')),
    f.param('social_insurance.work_injury_premium.rate_unit'),
    RoundingMode.HALF_UP_FEN,
  ),
);

const employeeShare = f.step('职工个人缴纳', f.fen(0), '职工个人不缴纳工伤保险费');

/** 工伤保险费. */
export const workInjuryPremium = defineRule({
  id: 'social_insurance.work_injury_premium',
  label: '工伤保险费（用人单位缴纳）',
  description:
    '用人单位缴纳工伤保险费的数额为本单位职工工资总额乘以单位缴费费率之积，职工个人不缴纳；同时在多个用人单位就业的，各用人单位分别缴纳（工伤保险条例第十条）',
  inputs: {
    payroll: { type: 'fen', label: '本单位职工工资总额', max: 1_000_000_000_000 },
    rate: {
      type: 'int',
      label: '单位缴费费率（单位数，1 = 0.001%）',
      min: 0,
      max: 5000,
    },
  },
  outputs: {
    premium: { label: '应缴工伤保险费（用人单位）', kind: 'money' },
    employeeShare: { label: '职工个人缴纳', kind: 'money' },
  },
  versions: [
    {
      from: '2011-01-01',
      note: '工伤保险条例（2010 年修订，国务院令第586号）第十条，自 2011-01-01 起施行',
      outputs: () => ({ premium, employeeShare }),
    },
  ],
});
