/**
 * 山西省 2023 年工伤保险待遇调整 (seed S2): 伤残津贴, 生活护理费, 供养亲属抚恤金 increments and floors, and the
 * retirees' pension top-up, from 2023-01-01. Parameters: shanxi-2023-adjustment.params.yaml.
 *
 * Readings a caseworker would take, written down and tested (scenarios file):
 * - The adjustment applies to people already receiving the monthly benefit on or before 2022-12-31
 *   (`firstPaidDate` ≤ cutoff) and not to those who took a one-time settlement.
 * - Floors raise only amounts actually being paid (a benefit of 0 stays 0).
 * - Grades 5–6: the seed lists their increments (+122/+112); under 工伤保险条例 §36 their 伤残津贴 is paid
 *   by the employer, so the increment is computed the same way and reported in `allowanceByEmployer`.
 * - 供养亲属抚恤金 increments are per dependant: spouse +59, every other dependant +49.
 * - Before the notice was published (as known before 2023-12-14) no increase was known: amounts equal the
 *   previous ones. Back-pay is the difference, month by month (see rules/back-pay.ts).
 * @see seeds/000_e6df5d75014aac0a.txt 《山西日报》2023-12-14
 */
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const P = 'wi_sx_2023';
const GRADES_1_TO_4_AND_COMPLETE = [1, 2, 3, 4, 11];

const category = f.input('category');
const eligible = f.step(
  '是否在本次调整范围内',
  f.all(
    f.le(f.input('firstPaidDate'), f.param(`${P}.eligibility_cutoff`, { whenUnknown: -1_000_000 })),
    f.not(f.input('oneTimeSettled')),
  ),
);

const allowanceBefore = f.input('allowanceBefore');
const raisedAllowance = f.add(
  allowanceBefore,
  f.table(`${P}.allowance_increment`, 'category', category, { whenMissing: 0 }),
);
const allowance = f.step(
  '伤残津贴',
  f.when(
    f.all(eligible, f.gt(allowanceBefore, f.num(0))),
    f.when(
      f.oneOf(category, GRADES_1_TO_4_AND_COMPLETE, '一至四级或完全丧失劳动能力'),
      f.max(raisedAllowance, f.param(`${P}.allowance_floor`, { whenUnknown: 0 })),
      raisedAllowance,
    ),
    allowanceBefore,
  ),
);

const careLevel = f.input('careLevel');
const nursingBefore = f.input('nursingBefore');
const nursing = f.step(
  '生活护理费',
  f.when(
    f.all(eligible, f.gt(nursingBefore, f.num(0)), f.gt(careLevel, f.num(0))),
    f.max(
      f.add(nursingBefore, f.table(`${P}.nursing_increment`, 'care_level', careLevel, { whenMissing: 0 })),
      f.table(`${P}.nursing_floor`, 'care_level', careLevel, { whenMissing: 0 }),
    ),
    nursingBefore,
  ),
);

const dependantsBefore = f.input('dependantsBefore');
const dependants = f.step(
  '供养亲属抚恤金',
  f.when(
    f.all(eligible, f.gt(dependantsBefore, f.num(0))),
    f.sum(
      dependantsBefore,
      f.times(f.param(`${P}.dependant_spouse_increment`, { whenUnknown: 0 }), f.input('spouseDependants')),
      f.times(f.param(`${P}.dependant_other_increment`, { whenUnknown: 0 }), f.input('otherDependants')),
    ),
    dependantsBefore,
  ),
);

const pensionFloor = f.param(`${P}.retiree_pension_floor`, { whenUnknown: 0 });
const pension = f.input('pensionAfterAdjustment');
const pensionTopUp = f.step(
  '养老金补差',
  f.when(
    f.all(
      eligible,
      f.input('retired'),
      f.oneOf(category, GRADES_1_TO_4_AND_COMPLETE, '一至四级或完全丧失劳动能力'),
      f.lt(pension, pensionFloor),
    ),
    f.sub(pensionFloor, pension),
    f.fen(0),
  ),
);

/** The S2 rule. */
export const shanxi2023WorkInjuryAdjustment = defineRule({
  id: 'work_injury.shanxi_2023_adjustment',
  label: '山西省2023年工伤保险待遇调整',
  description:
    '伤残津贴、生活护理费、供养亲属抚恤金按月调增与保底，一至四级退休人员养老金补差（2023-01-01 起）',
  inputs: {
    category: {
      type: 'enum',
      label: '伤残类别',
      values: {
        none: { code: 0, label: '无伤残津贴' },
        grade_1: { code: 1, label: '一级伤残' },
        grade_2: { code: 2, label: '二级伤残' },
        grade_3: { code: 3, label: '三级伤残' },
        grade_4: { code: 4, label: '四级伤残' },
        grade_5: { code: 5, label: '五级伤残' },
        grade_6: { code: 6, label: '六级伤残' },
        old_complete: { code: 11, label: '1996年10月1日前致残·完全丧失劳动能力' },
        old_most: { code: 12, label: '1996年10月1日前致残·大部分丧失劳动能力' },
      },
    },
    allowanceBefore: { type: 'fen', label: '原伤残津贴（月）' },
    careLevel: {
      type: 'enum',
      label: '生活自理障碍等级',
      values: {
        none: { code: 0, label: '无' },
        complete: { code: 1, label: '生活完全不能自理' },
        most: { code: 2, label: '生活大部分不能自理' },
        partial: { code: 3, label: '生活部分不能自理' },
      },
    },
    nursingBefore: { type: 'fen', label: '原生活护理费（月）' },
    dependantsBefore: { type: 'fen', label: '原供养亲属抚恤金合计（月）' },
    spouseDependants: { type: 'int', label: '供养配偶人数', min: 0, max: 1 },
    otherDependants: { type: 'int', label: '其他供养亲属人数', min: 0, max: 20 },
    firstPaidDate: { type: 'date', label: '开始按月领取待遇日期' },
    oneTimeSettled: { type: 'bool', label: '已一次性结算并终止工伤保险关系' },
    retired: { type: 'bool', label: '已退休' },
    pensionAfterAdjustment: { type: 'fen', label: '2023年调整后月基本养老金（含工伤补差部分）' },
  },
  outputs: {
    eligible: { label: '是否在本次调整范围内', kind: 'bool' },
    allowance: { label: '伤残津贴', kind: 'money' },
    allowanceByEmployer: { label: '其中由用人单位支付的伤残津贴（五、六级）', kind: 'money' },
    nursing: { label: '生活护理费', kind: 'money' },
    dependants: { label: '供养亲属抚恤金', kind: 'money' },
    pensionTopUp: { label: '退休人员养老金补差（工伤保险基金）', kind: 'money' },
    monthlyTotal: { label: '每月待遇合计', kind: 'money' },
  },
  versions: [
    {
      from: '2023-01-01',
      note: '2023 年调整（第 19 次连续提高），自 2023-01-01 起执行',
      outputs: () => ({
        eligible,
        allowance,
        allowanceByEmployer: f.when(f.oneOf(category, [5, 6], '五、六级'), allowance, f.fen(0)),
        nursing,
        dependants,
        pensionTopUp,
        monthlyTotal: f.sum(allowance, nursing, dependants, pensionTopUp),
      }),
    },
  ],
});
