/**
 * 山西省平台灵活就业社保补贴 (seed S4, 000 第 5 段): 就业困难人员、未就业应届高校毕业生在平台注册实现灵活就业后缴纳
 * 社保费的，给予不超过其实际缴纳社保费 2/3 的社保补贴. Parameters: shanxi-platform-social-insurance-subsidy.params.yaml.
 *
 * Readings, written down and tested (scenarios file):
 * - Who: a recognised 就业困难人员 or an unemployed graduate of the current year (未就业应届高校毕业生), registered on a
 *   platform and working flexibly through it. Anyone else gets nothing.
 * - How much: the cap itself, contributions actually paid × 2/3, rounded 舍去到分 (FLOOR_FEN) so the subsidy never
 *   exceeds the 2/3 cap (half-up could exceed it by 1 分). A city that sets a lower ratio adds a value at its code.
 * @see seeds/000_e6df5d75014aac0a.txt 第 5 段
 */
import { RoundingMode } from '@renshe/domain/money/money.ts';
import { f } from '@renshe/rules/expr.ts';
import { defineRule } from '@renshe/rules/rule.ts';

const GROUP = { hard_to_employ: 1, unemployed_graduate: 2, other: 9 } as const;

const eligible = f.step(
  '是否符合社保补贴条件',
  f.all(
    f.oneOf(
      f.input('group'),
      [GROUP.hard_to_employ, GROUP.unemployed_graduate],
      '就业困难人员或未就业应届高校毕业生',
    ),
    f.input('platformFlexible'),
  ),
);

/** 社保补贴. */
export const shanxiPlatformSocialInsuranceSubsidy = defineRule({
  id: 'employment.shanxi_platform_social_insurance_subsidy',
  label: '山西省平台灵活就业社保补贴',
  description:
    '就业困难人员、未就业应届高校毕业生在平台注册灵活就业并缴纳社保费的，按实际缴费的 2/3（上限）给予社保补贴',
  inputs: {
    group: {
      type: 'enum',
      label: '人员类别',
      values: {
        hard_to_employ: { code: GROUP.hard_to_employ, label: '就业困难人员' },
        unemployed_graduate: { code: GROUP.unemployed_graduate, label: '未就业应届高校毕业生' },
        other: { code: GROUP.other, label: '其他人员' },
      },
    },
    platformFlexible: { type: 'bool', label: '在平台注册实现灵活就业' },
    contributionsPaid: { type: 'fen', label: '实际缴纳的社会保险费' },
  },
  outputs: {
    eligible: { label: '是否符合社保补贴条件', kind: 'bool' },
    subsidy: { label: '社保补贴', kind: 'money' },
  },
  versions: [
    {
      from: '2023-12-14',
      note: '《关于进一步加强互联网平台企业劳动用工管理的实施意见（试行）》（2023-12-14 见报）',
      outputs: () => ({
        eligible,
        subsidy: f.when(
          eligible,
          f.ratio(
            f.input('contributionsPaid'),
            f.param('employment.sx_platform.si_subsidy_max_ratio'),
            RoundingMode.FLOOR_FEN,
          ),
          f.step('不符合补贴条件', f.fen(0)),
        ),
      }),
    },
  ],
});
