/**
 * 工伤保险「本人工资」核定 (工伤保险条例 2010 年修订 §64 ¶2; domain-cn.md §3.3). National parameters (000000).
 * Parameters: own-wage.params.yaml.
 *
 * 本人工资 = 受伤害或患职业病前 12 个月平均月缴费工资, clamped to [60%, 300%] of the 统筹地区职工平均工资.
 * The expressions are exported and reused by the disability and death rules of this folder, so the clamp
 * exists once; those rules declare the same two inputs.
 *
 * Readings written down and tested (scenarios file):
 * - The average wage used is the 统筹地区上年度职工月平均工资 (the same figure §34 and §39 use). No seed
 *   gives a figure, so it is an input, not a parameter.
 * - `contributionWage` is the average as the agency computed it (a person insured for fewer than 12 months
 *   is averaged over the months actually paid — local practice, outside this rule).
 * - Bounds: 下限 = 平均工资 × 60%, 上限 = 平均工资 × 300%, each rounded once, 四舍五入到分 (HALF_UP_FEN;
 *   the 条例 is silent on rounding). A wage exactly at a bound is kept as is (「低于」「高于」 exclude the bound,
 *   and the result is the same either way).
 */
import { RoundingMode } from '@renshe/domain/money/money.ts';
import { f } from '@renshe/rules/expr.ts';
import { defineRule, type InputSpec } from '@renshe/rules/rule.ts';

const P = 'work_injury.statute';

/** Inputs every rule that needs 本人工资 declares (same names, same labels). */
export const OWN_WAGE_INPUTS = {
  contributionWage: { type: 'fen', label: '受伤前12个月平均月缴费工资' },
  regionalAverageWage: { type: 'fen', label: '统筹地区上年度职工月平均工资' },
} satisfies Record<string, InputSpec>;

const contributionWage = f.input('contributionWage');
/** 统筹地区上年度职工月平均工资 (input). */
export const regionalAverageWage = f.input('regionalAverageWage');

/** 本人工资下限 = 平均工资 × 60%, 四舍五入到分. */
export const ownWageFloor = f.step(
  '本人工资下限',
  f.ratio(regionalAverageWage, f.param(`${P}.own_wage_floor_pct`), RoundingMode.HALF_UP_FEN),
);

/** 本人工资上限 = 平均工资 × 300%, 四舍五入到分. */
export const ownWageCeiling = f.step(
  '本人工资上限',
  f.ratio(regionalAverageWage, f.param(`${P}.own_wage_ceiling_pct`), RoundingMode.HALF_UP_FEN),
);

/**
 * 本人工资: at or above the ceiling → the ceiling (min shows 「超过…按…计」 or 「未超过…」 at the edge);
 * otherwise max with the floor (「低于…补足至…」 or 「不低于…」).
 */
export const ownWage = f.step(
  '本人工资',
  f.when(
    f.ge(contributionWage, ownWageCeiling),
    f.min(contributionWage, ownWageCeiling),
    f.max(contributionWage, ownWageFloor),
  ),
);

/** 本人工资核定. */
export const workInjuryOwnWage = defineRule({
  id: 'work_injury.statute.own_wage',
  label: '工伤保险本人工资核定',
  description:
    '本人工资为受伤前12个月平均月缴费工资，低于统筹地区职工平均工资60%的按60%计算，高于300%的按300%计算（工伤保险条例第六十四条）',
  inputs: OWN_WAGE_INPUTS,
  outputs: {
    floor: { label: '本人工资下限', kind: 'money' },
    ceiling: { label: '本人工资上限', kind: 'money' },
    ownWage: { label: '本人工资', kind: 'money' },
  },
  versions: [
    {
      from: '2011-01-01',
      note: '工伤保险条例（2010 年修订，国务院令第586号）第六十四条，自 2011-01-01 起施行',
      outputs: () => ({ floor: ownWageFloor, ceiling: ownWageCeiling, ownWage }),
    },
  ],
});
