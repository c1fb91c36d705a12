/**
 * 山西省 2023 年城乡低保家庭中 80—99 岁老年人补贴提标 (seed S7): +20 元 per person per month.
 * Parameters: shanxi-2023-dibao-elderly-subsidy.params.yaml.
 *
 * Readings written down and tested (scenarios file):
 * - Age is an input in whole years (周岁) on the first day of the month the subsidy is paid for. The engine
 *   holds dates as epoch days and has no calendar arithmetic (adding 80 years is not a fixed number of
 *   days), so the caller computes 周岁 from the birth date (e.g. the ID number) — one place, tested there.
 * - 「80—99 岁」 includes both ends: 79 no, 80 yes, 99 yes, 100 no (centenarians have their own subsidy).
 * - The person must be a member of an urban or rural 低保 family in the month.
 * - The input is the previous monthly subsidy standard applicable to the person; the raise is a fixed
 *   +20.00 元, so no rounding. Outside the group the rule changes nothing: the previous amount is returned.
 * - In force from 2023-01-01 (the seed says only 「今年」); published 2023-01-12. As known before
 *   publication the raise is unknown (`whenUnknown`): nobody is in the raised group and the previous
 *   amount applies; the difference is back-paid.
 * @see seeds/003_b86494c201e10ddf.txt 《山西日报》 2023-01-12
 */
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const P = 'livelihood.sx_2023';
const age = f.input('age');

const eligible = f.step(
  '是否适用本次提标',
  f.all(
    f.input('dibaoFamily'),
    f.ge(age, f.param(`${P}.elderly_age_min`, { whenUnknown: 1000 })),
    f.le(age, f.param(`${P}.elderly_age_max`, { whenUnknown: -1 })),
  ),
  '适用范围：城乡低保家庭中 80—99 周岁老年人',
);

const subsidyBefore = f.input('subsidyBefore');

const increment = f.step(
  '提标额',
  f.when(eligible, f.param(`${P}.elderly_subsidy_increment`, { whenUnknown: 0 }), f.fen(0, '不适用本次提标')),
);

/** 山西省 2023 年城乡低保家庭高龄老年人补贴提标 20 元. */
export const shanxi2023DibaoElderlySubsidy = defineRule({
  id: 'livelihood.shanxi_2023_dibao_elderly_subsidy',
  label: '山西省2023年城乡低保家庭高龄老年人补贴提标',
  description: '城乡低保家庭中 80—99 周岁老年人补贴每人每月提高 20 元（2023-01-01 起）',
  inputs: {
    age: { type: 'int', label: '年龄（周岁，按补贴所属月份 1 日计）', min: 0, max: 150 },
    dibaoFamily: { type: 'bool', label: '属城乡低保家庭成员' },
    subsidyBefore: { type: 'fen', label: '原月高龄老年人补贴' },
  },
  outputs: {
    eligible: { label: '是否适用本次提标', kind: 'bool' },
    increment: { label: '高龄老年人补贴提标额（月）', kind: 'money' },
    subsidy: { label: '提标后月高龄老年人补贴', kind: 'money' },
  },
  versions: [
    {
      from: '2023-01-01',
      note: '2023 年政府工作报告：城乡低保家庭中 80—99 岁老年人补贴提标 20 元/人·月，按 2023 年全年执行',
      outputs: () => ({ eligible, increment, subsidy: f.add(subsidyBefore, increment) }),
    },
  ],
});
