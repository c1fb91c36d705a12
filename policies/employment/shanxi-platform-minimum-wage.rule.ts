/**
 * 山西省平台劳动者劳动报酬不低于当地最低工资 (seed S4, 000 第 7 段): 劳动者在约定工作时间内提供正常劳动的前提下，劳动
 * 报酬不得低于当地月最低工资标准或小时最低工资标准.
 *
 * Readings, written down and tested (shanxi-platform-minimum-wage.scenarios.yaml):
 * - The seeds give no minimum-wage figures, and this encoding does not assert Shanxi's official standards from
 *   memory: the local minimum is an INPUT (the standard in force for the worker's area, from the province's
 *   current minimum-wage notice), so the rule has no parameters. Once the official figures are verified they can
 *   become regional parameters (by 档次/区划) in a new rule version.
 * - 「月最低工资标准或小时最低工资标准」 is read as two bases, chosen by how the worker is paid: monthly (full-time,
 *   pay for the month vs the monthly minimum) or hourly (pay for the agreed hours vs hourly minimum × hours). The
 *   hourly comparison multiplies instead of dividing, so there is no rounding at all.
 * - Equal to the minimum meets it (「不得低于」); one fen below does not, and the shortfall is reported.
 * - Only pay for normal work within agreed hours is compared: overtime, holiday pay and the special allowances
 *   (高低温、雨雪、夜间) of the same paragraph must be left out of `pay` by the caller.
 * @see seeds/000_e6df5d75014aac0a.txt 第 7 段
 */
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const BASIS = { monthly: 1, hourly: 2 } as const;

const minimumOwed = f.step(
  '最低应得劳动报酬',
  f.when(
    f.eq(f.input('basis'), f.num(BASIS.hourly)),
    f.times(f.input('minimumWage'), f.input('hours')),
    f.input('minimumWage'),
  ),
  '《实施意见》第 7 段：约定工作时间内提供正常劳动的，劳动报酬不得低于当地月最低工资标准或小时最低工资标准',
);
const pay = f.input('pay');
const meets = f.step('是否不低于当地最低工资标准', f.ge(pay, minimumOwed));

/** 最低工资核对. */
export const shanxiPlatformMinimumWageCheck = defineRule({
  id: 'employment.shanxi_platform_minimum_wage_check',
  label: '平台劳动者劳动报酬最低工资核对',
  description:
    '核对约定工作时间内正常劳动的劳动报酬是否不低于当地月最低工资标准或小时最低工资标准，并计算差额',
  inputs: {
    basis: {
      type: 'enum',
      label: '核对口径',
      values: {
        monthly: { code: BASIS.monthly, label: '按月（月最低工资标准）' },
        hourly: { code: BASIS.hourly, label: '按小时（小时最低工资标准）' },
      },
    },
    pay: { type: 'fen', label: '约定工作时间内正常劳动的劳动报酬' },
    hours: { type: 'int', label: '约定工作时间内的工作小时数', min: 0, max: 744 },
    minimumWage: { type: 'fen', label: '当地最低工资标准', max: 100_000_00 },
  },
  outputs: {
    minimumOwed: { label: '最低应得劳动报酬', kind: 'money' },
    meetsMinimum: { label: '是否不低于当地最低工资标准', kind: 'bool' },
    shortfall: { label: '低于最低工资标准的差额', kind: 'money' },
  },
  versions: [
    {
      from: '2023-12-14',
      note: '《关于进一步加强互联网平台企业劳动用工管理的实施意见（试行）》（2023-12-14 见报）',
      outputs: () => ({
        minimumOwed,
        meetsMinimum: meets,
        shortfall: f.when(meets, f.step('不低于最低工资标准，无差额', f.fen(0)), f.sub(minimumOwed, pay)),
      }),
    },
  ],
});
