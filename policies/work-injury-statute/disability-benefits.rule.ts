/**
 * 工伤伤残待遇 by grade 1–10 (工伤保险条例 2010 年修订 §34–§37; domain-cn.md §3.3): 一次性伤残补助金, 伤残津贴
 * with the minimum-wage top-up and who pays it, 生活护理费. National parameters (000000).
 * Parameters: disability-benefits.params.yaml; 本人工资 from own-wage.rule.ts (§64, same inputs).
 *
 * Formulas and rounding (each formula rounds once; the 条例 is silent, 四舍五入到分 = HALF_UP_FEN is the
 * usual practice):
 * - 一次性伤残补助金 = 本人工资 × 27/25/23/21/18/16/13/11/9/7 个月 (grade 1–10); integer fen × months,
 *   no rounding. Paid by the fund for every grade.
 * - 伤残津贴（按比例）= 本人工资 × 90/85/80/75/70/60% (grade 1–6), HALF_UP_FEN; none for grades 7–10.
 * - 伤残津贴 = max(按比例金额, 当地最低工资标准): 「实际金额低于当地最低工资标准的…补足差额」. Equal to
 *   the minimum wage → no top-up. The top-up (补差) is paid by the fund for grades 1–4 (§35 ¶1(二)) and
 *   by the employer for grades 5–6 (§36 ¶1(二)); each payer's share is a separate output.
 * - 生活护理费 = 统筹地区上年度职工月平均工资 × 50/40/30% by care level, HALF_UP_FEN, paid by the fund,
 *   independent of the grade (it follows the 劳动能力鉴定委员会's separate 生活自理障碍 finding).
 *
 * Readings written down and tested (scenarios file):
 * - Grades 5–6 receive 伤残津贴 only when the employer 「难以安排工作」 (input); when the employer arranges
 *   suitable work they are paid wages and 伤残津贴 is 0 (no minimum-wage top-up either).
 * - The 统筹地区上年度职工月平均工资 and the 当地最低工资标准 (monthly) are inputs: no seed gives a figure.
 * - Not covered: grades 5–10 一次性工伤医疗补助金/伤残就业补助金 (set by each province); the grade 1–4
 *   retirement switch to the basic pension (§35 ¶2); the fund's medical-insurance contribution for grades
 *   1–4; later adjustments of 伤残津贴/生活护理费 (regional rules such as S2).
 */
import { RoundingMode } from '@renshe/domain/money/money.ts';
import { type Expr, f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';
import { OWN_WAGE_INPUTS, ownWage, regionalAverageWage } from './own-wage.rule.ts';

const P = 'work_injury.statute';
const { HALF_UP_FEN } = RoundingMode;

const grade = f.input('grade');
const GRADES_1_TO_4 = [1, 2, 3, 4];
const GRADES_5_6 = [5, 6];
const isGrade1to4 = f.oneOf(grade, GRADES_1_TO_4, '一至四级');
const isGrade5or6 = f.oneOf(grade, GRADES_5_6, '五、六级');
const cannotArrangeWork = f.input('employerCannotArrangeWork');

const lumpSum = f.step(
  '一次性伤残补助金',
  f.times(ownWage, f.table(`${P}.disability_lump_sum_months`, 'grade', grade)),
);

const allowanceEntitled = f.step(
  '是否享受伤残津贴',
  f.any(isGrade1to4, f.all(isGrade5or6, cannotArrangeWork)),
  '一至四级按月享受；五、六级在用人单位难以安排工作时享受；七至十级不享受',
);

const byGrade = (g: number): Expr => f.ratio(ownWage, f.param(`${P}.allowance_pct_grade_${g}`), HALF_UP_FEN);
const workArranged = f.step('五、六级：用人单位已安排适当工作，不发伤残津贴', f.fen(0));
const noAllowance = f.step('七至十级：不享受伤残津贴', f.fen(0));

const allowanceByRate = f.step(
  '伤残津贴（按本人工资比例）',
  f.when(
    f.eq(grade, f.num(1)),
    byGrade(1),
    f.when(
      f.eq(grade, f.num(2)),
      byGrade(2),
      f.when(
        f.eq(grade, f.num(3)),
        byGrade(3),
        f.when(
          f.eq(grade, f.num(4)),
          byGrade(4),
          f.when(
            f.eq(grade, f.num(5)),
            f.when(cannotArrangeWork, byGrade(5), workArranged),
            f.when(f.eq(grade, f.num(6)), f.when(cannotArrangeWork, byGrade(6), workArranged), noAllowance),
          ),
        ),
      ),
    ),
  ),
);

const allowance = f.step(
  '伤残津贴',
  f.when(allowanceEntitled, f.max(allowanceByRate, f.input('minimumWage')), allowanceByRate),
);

const topUp = f.sub(allowance, allowanceByRate);
const zero = f.fen(0);

const careLevel = f.input('careLevel');
const nursing = f.step(
  '生活护理费',
  f.when(
    f.eq(careLevel, f.num(1)),
    f.ratio(regionalAverageWage, f.param(`${P}.nursing_pct_complete`), HALF_UP_FEN),
    f.when(
      f.eq(careLevel, f.num(2)),
      f.ratio(regionalAverageWage, f.param(`${P}.nursing_pct_most`), HALF_UP_FEN),
      f.when(
        f.eq(careLevel, f.num(3)),
        f.ratio(regionalAverageWage, f.param(`${P}.nursing_pct_partial`), HALF_UP_FEN),
        f.step('未经鉴定需要生活护理', f.fen(0)),
      ),
    ),
  ),
);

const GRADE_LABELS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 工伤伤残待遇. */
export const workInjuryDisabilityBenefits = defineRule({
  id: 'work_injury.statute.disability_benefits',
  label: '工伤伤残待遇（一次性伤残补助金、伤残津贴、生活护理费）',
  description:
    '按伤残等级计发一次性伤残补助金（27至7个月本人工资）、伤残津贴（一至六级，90%至60%本人工资，低于当地最低工资标准的补足：一至四级由工伤保险基金、五六级由用人单位补足）和生活护理费（统筹地区上年度职工月平均工资的50%/40%/30%）（工伤保险条例第三十四条至第三十七条）',
  inputs: {
    grade: {
      type: 'enum',
      label: '伤残等级',
      values: Object.fromEntries(
        GRADE_LABELS.map((cn, i) => [`grade_${i + 1}`, { code: i + 1, label: `${cn}级伤残` }]),
      ),
    },
    ...OWN_WAGE_INPUTS,
    minimumWage: { type: 'fen', label: '当地月最低工资标准' },
    employerCannotArrangeWork: { type: 'bool', label: '五、六级伤残：用人单位难以安排工作' },
    careLevel: {
      type: 'enum',
      label: '生活自理障碍等级',
      values: {
        none: { code: 0, label: '无需生活护理' },
        complete: { code: 1, label: '生活完全不能自理' },
        most: { code: 2, label: '生活大部分不能自理' },
        partial: { code: 3, label: '生活部分不能自理' },
      },
    },
  },
  outputs: {
    ownWage: { label: '本人工资', kind: 'money' },
    lumpSum: { label: '一次性伤残补助金（工伤保险基金支付）', kind: 'money' },
    allowanceEntitled: { label: '是否享受伤残津贴', kind: 'bool' },
    allowanceByRate: { label: '伤残津贴（按本人工资比例）', kind: 'money' },
    allowance: { label: '伤残津贴（月，含最低工资补差）', kind: 'money' },
    allowanceByFund: { label: '其中工伤保险基金支付（一至四级）', kind: 'money' },
    allowanceByEmployer: { label: '其中用人单位支付（五、六级）', kind: 'money' },
    topUpByFund: { label: '工伤保险基金补足的最低工资差额（一至四级）', kind: 'money' },
    topUpByEmployer: { label: '用人单位补足的最低工资差额（五、六级）', kind: 'money' },
    nursing: { label: '生活护理费（月，工伤保险基金支付）', kind: 'money' },
  },
  versions: [
    {
      from: '2011-01-01',
      note: '工伤保险条例（2010 年修订，国务院令第586号）第三十四条至第三十七条，自 2011-01-01 起施行',
      outputs: () => ({
        ownWage,
        lumpSum,
        allowanceEntitled,
        allowanceByRate,
        allowance,
        allowanceByFund: f.when(isGrade1to4, allowance, zero),
        allowanceByEmployer: f.when(isGrade5or6, allowance, zero),
        topUpByFund: f.when(isGrade1to4, topUp, zero),
        topUpByEmployer: f.when(isGrade5or6, topUp, zero),
        nursing,
      }),
    },
  ],
});
