/**
 * 日工资、小时工资折算 (劳社部发〔2008〕3号 第二条; domain-cn §3.7): 日工资 = 月工资 ÷ 21.75, 小时工资 = 月工资 ÷
 * (21.75 × 8). Parameters: wage-conversion.params.yaml (national, 000000).
 *
 * Readings, written down and tested (wage-conversion.scenarios.yaml):
 * - The divisors are stored as exact ratios (4/87 and 1/174), so each result is the exact quotient rounded once.
 * - Rounding: 四舍五入到分 (HALF_UP_FEN) for both. These are reference figures (the worker's 日工资/小时工资 shown on a
 *   payslip or in a labour-inspection decision), not a payment, so the usual commercial rounding applies; amounts
 *   owed that are built on them (overtime) round again on their own terms.
 * - 21.75 is unchanged by the 2025 holiday reform (13 statutory days): statutory holidays are paid days.
 * @see ../../../shared/reference/domain-cn.md §3.7
 */
import { RoundingMode } from '@renshe/domain/money/money.ts';
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const monthlyWage = f.input('monthlyWage');

/** 日工资 = 月工资 × 4/87, 四舍五入到分. */
export const dailyWageExpr = f.step(
  '日工资',
  f.ratio(monthlyWage, f.param('wages.daily_wage_ratio'), RoundingMode.HALF_UP_FEN),
);

/** 小时工资 = 月工资 × 1/174, 四舍五入到分 (needs an input named `monthlyWage`). */
export const hourlyWageExpr = f.step(
  '小时工资',
  f.ratio(monthlyWage, f.param('wages.hourly_wage_ratio'), RoundingMode.HALF_UP_FEN),
);

/** 日工资、小时工资折算. */
export const wageConversion = defineRule({
  id: 'wages.wage_conversion',
  label: '日工资、小时工资折算',
  description: '按月计薪天数 21.75 天将月工资折算为日工资、小时工资（劳社部发〔2008〕3号）',
  inputs: {
    monthlyWage: { type: 'fen', label: '月工资收入' },
  },
  outputs: {
    dailyWage: { label: '日工资', kind: 'money' },
    hourlyWage: { label: '小时工资', kind: 'money' },
  },
  versions: [
    {
      from: '2008-01-03',
      note: '劳社部发〔2008〕3号：月计薪天数 21.75 天（取代 2000 年的 20.92 天口径）',
      outputs: () => ({ dailyWage: dailyWageExpr, hourlyWage: hourlyWageExpr }),
    },
  ],
});
