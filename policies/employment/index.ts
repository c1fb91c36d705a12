/** Rules of this policy area (registered in ../index.ts). */
import type { Rule } from '@renshe/rules/rule.ts';
import { shanxiPlatformFatigue } from './shanxi-platform-fatigue.rule.ts';
import { shanxiPlatformHiringSubsidy } from './shanxi-platform-hiring-subsidy.rule.ts';
import { shanxiPlatformMinimumWageCheck } from './shanxi-platform-minimum-wage.rule.ts';
import { shanxiPlatformPositionSubsidy } from './shanxi-platform-position-subsidy.rule.ts';
import { shanxiPlatformSocialInsuranceSubsidy } from './shanxi-platform-social-insurance-subsidy.rule.ts';

/** Every rule of this area. */
export const rules: Rule[] = [
  shanxiPlatformHiringSubsidy,
  shanxiPlatformPositionSubsidy,
  shanxiPlatformSocialInsuranceSubsidy,
  shanxiPlatformMinimumWageCheck,
  shanxiPlatformFatigue,
];
