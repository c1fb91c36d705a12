/**
 * 山西省 2023 年自主就业退役士兵一次性经济补助提标 (seed S7): +1500 元 per person on the previous standard.
 * Parameters: shanxi-2023-veteran-lump-sum.params.yaml.
 *
 * Readings written down and tested (scenarios file):
 * - The input is the previous one-time 经济补助 standard that applies to the soldier (it differs by length
 *   of service and locality); the raise is a fixed +1500.00 元 once per person, so no rounding.
 * - Evaluate at the soldier's 退役 date: the seed says only 「今年」, read as discharges from 2023-01-01.
 * - Only a payment actually due is raised: a previous standard of 0 (not 自主就业, nothing due) stays 0.
 * - Published 2023-01-12: as known before publication the raise is unknown (`whenUnknown: 0`) and the
 *   previous standard applies; payments made in between are topped up by the difference.
 * @see seeds/003_b86494c201e10ddf.txt 《山西日报》 2023-01-12
 */
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';
import { incrementIfPaid } from '../shared.ts';

const standardBefore = f.input('standardBefore');

const increment = incrementIfPaid(
  standardBefore,
  'livelihood.sx_2023.veteran_lump_sum_increment',
  '无一次性经济补助',
);

/** 山西省 2023 年自主就业退役士兵一次性经济补助提标 1500 元. */
export const shanxi2023VeteranLumpSum = defineRule({
  id: 'livelihood.shanxi_2023_veteran_lump_sum',
  label: '山西省2023年自主就业退役士兵一次性经济补助提标',
  description: '自主就业退役士兵一次性经济补助在原标准上每人提高 1500 元（2023-01-01 起退役）',
  inputs: {
    standardBefore: { type: 'fen', label: '原一次性经济补助标准' },
  },
  outputs: {
    increment: { label: '一次性经济补助提标额', kind: 'money' },
    lumpSum: { label: '提标后一次性经济补助', kind: 'money' },
  },
  versions: [
    {
      from: '2023-01-01',
      note: '2023 年政府工作报告：自主就业退役士兵一次性经济补助提标 1500 元，适用于 2023 年退役人员',
      outputs: () => ({ increment, lumpSum: f.add(standardBefore, increment) }),
    },
  ],
});
