/**
 * 山西省 2023 年城乡居民基本养老保险基础养老金提标 (seed S7): +5 元 per person per month on the previous
 * monthly 基础养老金. Parameters: shanxi-2023-resident-pension-base.params.yaml.
 *
 * Readings written down and tested (scenarios file):
 * - The input is the person's previous monthly 基础养老金 (the provincial minimum plus any city/county
 *   supplement); the raise is a fixed +5.00 元, so no rounding.
 * - Only a base actually being paid is raised: a previous base of 0 (not drawing the resident pension)
 *   stays 0 (same reading as S2's floors).
 * - In force from 2023-01-01 (the seed says only 「今年」); published 2023-01-12. As known before
 *   publication the raise is unknown and the previous base applies (`whenUnknown: 0`); the difference is
 *   back-paid.
 * @see seeds/003_b86494c201e10ddf.txt 《山西日报》 2023-01-12
 */
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';
import { incrementIfPaid } from '../shared.ts';

const baseBefore = f.input('baseBefore');

const increment = incrementIfPaid(
  baseBefore,
  'livelihood.sx_2023.resident_pension_base_increment',
  '未领取基础养老金',
);

/** 山西省 2023 年城乡居民基础养老金提标 5 元. */
export const shanxi2023ResidentPensionBase = defineRule({
  id: 'livelihood.shanxi_2023_resident_pension_base',
  label: '山西省2023年城乡居民基础养老金提标',
  description: '城乡居民基本养老保险基础养老金每人每月提高 5 元（2023-01-01 起）',
  inputs: {
    baseBefore: { type: 'fen', label: '原月基础养老金' },
  },
  outputs: {
    increment: { label: '基础养老金提标额（月）', kind: 'money' },
    base: { label: '提标后月基础养老金', kind: 'money' },
  },
  versions: [
    {
      from: '2023-01-01',
      note: '2023 年政府工作报告：城乡居民基础养老金提标 5 元/人·月，按 2023 年全年执行',
      outputs: () => ({ increment, base: f.add(baseBefore, increment) }),
    },
  ],
});
