/**
 * 加班工资 (seed S5; 劳动法 §44; 劳社部发〔2008〕3号): 加班工资 = 小时工资 × 加班小时数 × 倍率（按日期类型）.
 * Parameters: overtime-pay.params.yaml (150% / 200% / 300%) and wage-conversion.params.yaml (小时工资折算系数 1/174).
 *
 * Readings a caseworker would take, written down and tested (overtime-pay.scenarios.yaml):
 * - The base is the worker's own monthly wage standard (「职工本人工资标准」, seeds 001/003 第 2 段).
 * - 小时工资 = 月工资 × 1/174, 四舍五入到分 — the same figure wages.wage_conversion shows, so the worker can
 *   check it. 加班工资 = 小时工资 × 小时数 × 倍率, then 四舍五入到分 once more. With 150/200/300% the only possible
 *   remainder is half a fen (150% of an odd number of fen), which rounds up, so the amount is never below the
 *   statutory minimum computed on the published hourly wage.
 * - Day type (use `overtimeDayType(calendar, date)` in overtime-day-type.ts to map a date):
 *   `workday` — a working day, including a 调休上班日: hours beyond the normal day, 150%;
 *   `rest_day` — an ordinary weekend day or a 调休 rest day (a 休息日, not a 法定休假日): 200%, but nothing when
 *   equal 补休 was arranged (§44(二) pays 200% only 「不能安排补休的」);
 *   `statutory_holiday` — a 法定节假日 day itself: 300%, whether or not 补休 is given.
 * - Hours are whole hours worked on one day (0–24). Part hours are rounded under the employer's attendance rules
 *   before input; minutes would need a second rounding step (÷60) that the statute does not define.
 * - 21.75 applies from 2008-01-03; earlier months (20.92 days) are not encoded, so earlier dates are refused.
 */
import { RoundingMode } from '@renshe/domain/money/money.ts';
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';
import { hourlyWageExpr } from './wage-conversion.rule.ts';

/** Codes of the `dayType` input. */
const DAY = { workday: 1, rest_day: 2, statutory_holiday: 3 } as const;

const dayType = f.input('dayType');
const base = f.times(hourlyWageExpr, f.input('hours'));
const at = (rateParam: string) => f.ratio(base, f.param(rateParam), RoundingMode.HALF_UP_FEN);

const overtimePay = f.when(
  f.eq(dayType, f.num(DAY.statutory_holiday)),
  at('wages.overtime_rate_statutory_holiday'),
  f.when(
    f.eq(dayType, f.num(DAY.rest_day)),
    f.when(
      f.input('compensatoryRest'),
      f.step('休息日已安排补休，不支付加班工资', f.fen(0)),
      at('wages.overtime_rate_rest_day'),
    ),
    at('wages.overtime_rate_workday'),
  ),
);

/** 加班工资. */
export const overtimePayRule = defineRule({
  id: 'wages.overtime_pay',
  label: '加班工资',
  description:
    '按小时工资（月工资 ÷ 21.75 ÷ 8）和日期类型计算加班工资：延长工作时间 150%、休息日 200%、法定休假日 300%',
  inputs: {
    monthlyWage: { type: 'fen', label: '职工本人月工资标准' },
    dayType: {
      type: 'enum',
      label: '加班日期类型',
      values: {
        workday: { code: DAY.workday, label: '工作日（含调休上班日）延长工作时间' },
        rest_day: { code: DAY.rest_day, label: '休息日（含调休休息日）' },
        statutory_holiday: { code: DAY.statutory_holiday, label: '法定休假日' },
      },
    },
    hours: { type: 'int', label: '加班时长（小时）', min: 0, max: 24 },
    compensatoryRest: { type: 'bool', label: '已安排同等时间补休（仅对休息日有效）' },
  },
  outputs: {
    hourlyWage: { label: '小时工资', kind: 'money' },
    overtimePay: { label: '加班工资', kind: 'money' },
  },
  versions: [
    {
      from: '2008-01-03',
      note: '劳动法第四十四条倍率；小时工资按劳社部发〔2008〕3号 21.75 天折算',
      outputs: () => ({ hourlyWage: hourlyWageExpr, overtimePay }),
    },
  ],
});
