/**
 * 山西省互联网平台企业招用就业困难人员岗位补贴 (seed S4, 000 第 5 段): 新招用就业困难人员并签订 1 年以上劳动合同的，
 * 给予每人每月 300 元的岗位补贴. Parameters: shanxi-platform-position-subsidy.params.yaml.
 *
 * Readings, written down and tested (scenarios file):
 * - Three conditions: the person is a recognised 就业困难人员; newly hired by the platform enterprise or its
 *   partner; the labour contract is for 12 months or more (「1 年以上」 includes one year) or has no fixed term.
 * - Amount = 300 元 × months claimed; whole yuan, no rounding. The seed sets no maximum duration, so none is applied.
 * @see seeds/000_e6df5d75014aac0a.txt 第 5 段
 */
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const P = 'employment.sx_platform';

const contractLongEnough = f.any(
  f.input('openEnded'),
  f.ge(f.input('contractMonths'), f.param(`${P}.position_min_contract_months`)),
);
const eligible = f.step(
  '是否符合岗位补贴条件',
  f.all(f.input('hardToEmploy'), f.input('newHire'), contractLongEnough),
);
const notEligible = f.step('不符合补贴条件', f.fen(0));

/** 岗位补贴. */
export const shanxiPlatformPositionSubsidy = defineRule({
  id: 'employment.shanxi_platform_position_subsidy',
  label: '山西省平台企业招用就业困难人员岗位补贴',
  description: '平台企业及其用工合作企业新招用就业困难人员并签订 1 年以上劳动合同的，每人每月 300 元岗位补贴',
  inputs: {
    hardToEmploy: { type: 'bool', label: '已认定为就业困难人员' },
    newHire: { type: 'bool', label: '平台企业或其用工合作企业新招用' },
    contractMonths: { type: 'int', label: '劳动合同期限（月）', min: 0, max: 600 },
    openEnded: { type: 'bool', label: '签订无固定期限劳动合同' },
    months: { type: 'int', label: '申领月数', min: 0, max: 120 },
  },
  outputs: {
    eligible: { label: '是否符合岗位补贴条件', kind: 'bool' },
    monthlySubsidy: { label: '岗位补贴（每月）', kind: 'money' },
    totalSubsidy: { label: '岗位补贴（合计）', kind: 'money' },
  },
  versions: [
    {
      from: '2023-12-14',
      note: '《关于进一步加强互联网平台企业劳动用工管理的实施意见（试行）》（2023-12-14 见报）',
      outputs: () => ({
        eligible,
        monthlySubsidy: f.when(eligible, f.param(`${P}.position_subsidy_monthly`), notEligible),
        totalSubsidy: f.when(
          eligible,
          f.times(f.param(`${P}.position_subsidy_monthly`), f.input('months')),
          notEligible,
        ),
      }),
    },
  ],
});
