/**
 * 山西省互联网平台企业一次性吸纳就业补贴 (seed S4, 000 第 5 段): 平台企业及其用工合作企业新吸纳各类劳动者且稳定就业半年
 * 以上的，给予每人 1000 元—1500 元的一次性吸纳就业补贴. Parameters: shanxi-platform-hiring-subsidy.params.yaml.
 *
 * Readings, written down and tested (scenarios file):
 * - The seed gives a band, not an amount. A caseworker pays the standard their city set within that band, so the
 *   local standard is an input and the provincial band (1000 / 1500, cited parameters) bounds it: below the floor it
 *   is raised to 1000, above the ceiling it is paid at 1500, and the explanation says which. No city standard is in
 *   the seeds, so no per-city parameter is declared (a parameter needs at least one cited value).
 * - 「半年以上」 includes six months exactly (以上 includes the number): `monthsEmployed` ≥ 6.
 * - Per person, once; whole-yuan amounts, no rounding.
 * @see seeds/000_e6df5d75014aac0a.txt 第 5 段
 */
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const P = 'employment.sx_platform';

const eligible = f.step(
  '是否符合一次性吸纳就业补贴条件',
  f.all(f.input('newHire'), f.ge(f.input('monthsEmployed'), f.param(`${P}.hiring_min_months`))),
);

const amount = f.min(
  f.max(f.input('localStandard'), f.param(`${P}.hiring_subsidy_floor`)),
  f.param(`${P}.hiring_subsidy_ceiling`),
);

/** 一次性吸纳就业补贴. */
export const shanxiPlatformHiringSubsidy = defineRule({
  id: 'employment.shanxi_platform_hiring_subsidy',
  label: '山西省平台企业一次性吸纳就业补贴',
  description:
    '平台企业及其用工合作企业新吸纳劳动者且稳定就业半年以上的，按当地标准（每人 1000—1500 元）给予一次性吸纳就业补贴',
  inputs: {
    newHire: { type: 'bool', label: '平台企业或其用工合作企业新吸纳的劳动者' },
    monthsEmployed: { type: 'int', label: '已稳定就业月数', min: 0, max: 600 },
    localStandard: { type: 'fen', label: '当地确定的补贴标准（每人）', max: 10_000_00 },
  },
  outputs: {
    eligible: { label: '是否符合一次性吸纳就业补贴条件', kind: 'bool' },
    subsidy: { label: '一次性吸纳就业补贴（每人）', kind: 'money' },
  },
  versions: [
    {
      from: '2023-12-14',
      note: '《关于进一步加强互联网平台企业劳动用工管理的实施意见（试行）》（2023-12-14 见报）',
      outputs: () => ({
        eligible,
        subsidy: f.when(eligible, amount, f.step('不符合补贴条件', f.fen(0))),
      }),
    },
  ],
});
