/** Rules of this policy area (registered in ../index.ts). */
import type { Rule } from '@renshe/rules/rule.ts';
import { unemploymentEligibilityDuration } from './eligibility-duration.rule.ts';
import { shanxi2023UnemploymentBenefitRaise } from './shanxi-2023-benefit-raise.rule.ts';

/** Every rule of this area. */
export const rules: Rule[] = [unemploymentEligibilityDuration, shanxi2023UnemploymentBenefitRaise];
