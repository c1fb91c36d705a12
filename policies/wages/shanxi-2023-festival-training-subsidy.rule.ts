/**
 * 山西省 2023 年春节期间留岗职工职业技能培训补贴 (seed S5): 企业在春节期间对留岗职工开展职业技能培训的，按参加培训
 * 人数每人 300 元给予企业补贴. Parameters: shanxi-2023-festival-training-subsidy.params.yaml.
 *
 * Readings, written down and tested (scenarios file):
 * - The subsidy goes to the enterprise: 300 元 × number of staying workers who took part, one count per person.
 *   An exact multiple: no rounding.
 * - Only training held during the Spring Festival qualifies; the notice gives no dates, so the caseworker confirms
 *   it (`festivalTraining`) from the training records instead of the rule guessing a period.
 * - Shanxi only (140000 and its cities); from 2023-01-12, the date the notice is reported as issued.
 * @see seeds/003_b86494c201e10ddf.txt 第 2 段, seeds/001_2aa9f8e70dba695c.txt 第 2 段
 */
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const eligible = f.step(
  '是否符合培训补贴条件',
  f.all(f.input('festivalTraining'), f.gt(f.input('trainees'), f.num(0))),
);

/** 春节期间留岗职工职业技能培训补贴. */
export const shanxi2023FestivalTrainingSubsidy = defineRule({
  id: 'wages.shanxi_2023_festival_training_subsidy',
  label: '山西省春节期间留岗职工职业技能培训补贴',
  description: '企业在春节期间对留岗职工开展职业技能培训的，按参加培训人数每人 300 元给予企业补贴（2023 年）',
  inputs: {
    festivalTraining: { type: 'bool', label: '培训在春节期间举办且对象为留岗职工' },
    trainees: { type: 'int', label: '参加培训人数', min: 0, max: 100_000 },
  },
  outputs: {
    eligible: { label: '是否符合培训补贴条件', kind: 'bool' },
    subsidy: { label: '职业技能培训补贴（企业）', kind: 'money' },
  },
  versions: [
    {
      from: '2023-01-12',
      note: '《关于进一步做好春节期间农民工返乡返岗保障工作的通知》（2023-01-12 报道下发）',
      outputs: () => ({
        eligible,
        subsidy: f.when(
          eligible,
          f.times(f.param('wages.sx_2023_festival.training_subsidy_per_trainee'), f.input('trainees')),
          f.step('不符合培训补贴条件', f.fen(0)),
        ),
      }),
    },
  ],
});
