/**
 * 山西省 2023 年失业保险金标准提标 5% (seed S7): the person's current monthly 失业保险金 → the raised amount.
 * Parameters: shanxi-2023-benefit-raise.params.yaml.
 *
 * Readings written down and tested (scenarios file):
 * - 「提标 5％」 is +5% of the current monthly amount (× 105%), not +5 percentage points of the minimum wage.
 * - Rounding: the increase `原月失业保险金 × 5%` is rounded once, 四舍五入到分 (HALF_UP_FEN), and added to
 *   the unrounded current amount, so the new amount is the exact ×105% rounded half-up to the fen.
 * - In force from 2023-01-01 (the seed says only 「今年」, i.e. 2023); published 2023-01-12.
 * - As known before publication: the raise rate is a percentage, and `f.ratio` needs a percentage parameter
 *   in force — the engine has no `whenUnknown` fallback for a ratio (the single path throws on the fallback
 *   node, the batch compiler requires the ratio to be resolved even in an untaken branch). So the question
 *   "2023-01 as known on 2023-01-11" is PARAMETER_NO_VALUE here, not "the old amount"; see the scenarios
 *   file. Back-pay callers must treat that error as "no raise known yet".
 * @see seeds/003_b86494c201e10ddf.txt 《山西日报》 2023-01-12
 */
import { RoundingMode } from '@renshe/domain/money/money.ts';
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const benefitBefore = f.input('benefitBefore');

const increase = f.step(
  '提标增加额',
  f.ratio(benefitBefore, f.param('unemployment.sx_2023.benefit_raise_rate'), RoundingMode.HALF_UP_FEN),
);

/** 山西省 2023 年失业保险金提标 5%. */
export const shanxi2023UnemploymentBenefitRaise = defineRule({
  id: 'unemployment.shanxi_2023_benefit_raise',
  label: '山西省2023年失业保险金标准提标5%',
  description: '在领取人原月失业保险金基础上提高 5%，调增额四舍五入到分（2023-01-01 起）',
  inputs: {
    benefitBefore: { type: 'fen', label: '原月失业保险金' },
  },
  outputs: {
    increase: { label: '提标增加额（月）', kind: 'money' },
    benefit: { label: '提标后月失业保险金', kind: 'money' },
  },
  versions: [
    {
      from: '2023-01-01',
      note: '2023 年政府工作报告：失业保险金标准提标 5%，按 2023 年全年执行',
      outputs: () => ({
        increase,
        benefit: f.add(benefitBefore, increase),
      }),
    },
  ],
});
