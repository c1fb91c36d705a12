/**
 * 因工死亡待遇 (工伤保险条例 2010 年修订 §39; domain-cn.md §3.4): 丧葬补助金, 供养亲属抚恤金 (with the cap at
 * the deceased's wage), 一次性工亡补助金. National parameters (000000). Parameters: death-benefits.params.yaml;
 * the deceased's 本人工资 from own-wage.rule.ts (§64, same inputs).
 *
 * Formulas and rounding (the 条例 is silent; 四舍五入到分 = HALF_UP_FEN, one rounding per amount):
 * - 丧葬补助金 = 统筹地区上年度职工月平均工资 × 6 (integer fen × 6, no rounding).
 * - 供养亲属抚恤金, per person per month, of the deceased's 本人工资: 配偶 40%, 其他亲属 30%, 孤寡老人/孤儿
 *   40% (30% + 10%, one rounding). Each person's amount is rounded on its own (each is paid to that person);
 *   the total = Σ amounts × head-counts, capped at the deceased's 本人工资 (「核定的各供养亲属的抚恤金之和
 *   不应高于因工死亡职工生前的工资」 — read as the §64 本人工资, the base of the percentages). A total equal to
 *   the cap is not reduced.
 * - 一次性工亡补助金 = 上一年度全国城镇居民人均可支配收入 × 20 (integer fen × 20, no rounding).
 *
 * Readings written down and tested (scenarios file):
 * - Dependants are counted in three disjoint groups (配偶 0–1; 其他亲属 not 孤寡老人/孤儿; 孤寡老人或孤儿), so
 *   no count can contradict another. Who qualifies (主要生活来源、无劳动能力, 劳社部令第18号) is established
 *   by the agency; the rule takes the counts.
 * - §39 ¶3: a grade 1–4 disabled worker who dies after the 停工留薪期 → 丧葬补助金 and 供养亲属抚恤金 only, no
 *   一次性工亡补助金. Death during the 停工留薪期 from the injury (§39 ¶2) is treated as 因工死亡 (all three).
 * - When the cap applies, how the capped total is split between dependants is local practice and is not
 *   computed here (the per-person amounts before the cap are outputs).
 * - Not covered: later regional adjustments of 抚恤金 (e.g. S2), the end of entitlement of each dependant.
 */
import { RoundingMode } from '@renshe/domain/money/money.ts';
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';
import { OWN_WAGE_INPUTS, ownWage, regionalAverageWage } from './own-wage.rule.ts';

const P = 'work_injury.statute';
const { HALF_UP_FEN } = RoundingMode;

const funeralGrant = f.step('丧葬补助金', f.times(regionalAverageWage, f.param(`${P}.funeral_grant_months`)));

const spouseShare = f.step(
  '配偶抚恤金（每月）',
  f.ratio(ownWage, f.param(`${P}.dependant_spouse_pct`), HALF_UP_FEN),
);
const otherShare = f.step(
  '其他亲属抚恤金（每人每月）',
  f.ratio(ownWage, f.param(`${P}.dependant_other_pct`), HALF_UP_FEN),
);
const loneShare = f.step(
  '孤寡老人、孤儿抚恤金（每人每月）',
  f.ratio(ownWage, f.param(`${P}.dependant_lone_pct`), HALF_UP_FEN),
);

const dependantsBeforeCap = f.step(
  '各供养亲属抚恤金之和',
  f.sum(
    f.times(spouseShare, f.input('spouse')),
    f.times(otherShare, f.input('otherDependants')),
    f.times(loneShare, f.input('loneElderOrOrphanDependants')),
  ),
);

const dependants = f.step(
  '供养亲属抚恤金合计',
  f.min(dependantsBeforeCap, f.step('上限（因工死亡职工本人工资）', ownWage)),
);

const circumstance = f.input('circumstance');
const lumpSum = f.step(
  '一次性工亡补助金',
  f.when(
    f.eq(circumstance, f.num(1)),
    f.times(f.input('nationalDisposableIncome'), f.param(`${P}.death_lump_sum_multiple`)),
    f.step('一至四级伤残职工停工留薪期满后死亡，不享受一次性工亡补助金', f.fen(0)),
  ),
);

/** 因工死亡待遇. */
export const workInjuryDeathBenefits = defineRule({
  id: 'work_injury.statute.death_benefits',
  label: '因工死亡待遇（丧葬补助金、供养亲属抚恤金、一次性工亡补助金）',
  description:
    '丧葬补助金为6个月统筹地区上年度职工月平均工资；供养亲属抚恤金按本人工资配偶40%、其他亲属每人30%、孤寡老人或孤儿每人再加10%，合计不高于本人工资；一次性工亡补助金为上一年度全国城镇居民人均可支配收入的20倍（工伤保险条例第三十九条）',
  inputs: {
    circumstance: {
      type: 'enum',
      label: '死亡情形',
      values: {
        work_death: { code: 1, label: '因工死亡（含停工留薪期内因工伤导致死亡）' },
        grade_1_4_after_leave: { code: 2, label: '一至四级伤残职工停工留薪期满后死亡' },
      },
    },
    ...OWN_WAGE_INPUTS,
    nationalDisposableIncome: { type: 'fen', label: '上一年度全国城镇居民人均可支配收入' },
    spouse: { type: 'int', label: '供养配偶人数', min: 0, max: 1 },
    otherDependants: { type: 'int', label: '其他供养亲属人数（不含孤寡老人、孤儿）', min: 0, max: 20 },
    loneElderOrOrphanDependants: { type: 'int', label: '孤寡老人、孤儿人数', min: 0, max: 20 },
  },
  outputs: {
    ownWage: { label: '因工死亡职工本人工资', kind: 'money' },
    funeralGrant: { label: '丧葬补助金', kind: 'money' },
    spouseShare: { label: '配偶抚恤金（每月，封顶前）', kind: 'money' },
    otherShare: { label: '其他亲属抚恤金（每人每月，封顶前）', kind: 'money' },
    loneShare: { label: '孤寡老人、孤儿抚恤金（每人每月，封顶前）', kind: 'money' },
    dependantsBeforeCap: { label: '各供养亲属抚恤金之和（每月，封顶前）', kind: 'money' },
    dependants: { label: '供养亲属抚恤金合计（每月）', kind: 'money' },
    lumpSum: { label: '一次性工亡补助金', kind: 'money' },
  },
  versions: [
    {
      from: '2011-01-01',
      note: '工伤保险条例（2010 年修订，国务院令第586号）第三十九条，自 2011-01-01 起施行',
      outputs: () => ({
        ownWage,
        funeralGrant,
        spouseShare,
        otherShare,
        loneShare,
        dependantsBeforeCap,
        dependants,
        lumpSum,
      }),
    },
  ],
});
