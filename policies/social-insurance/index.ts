/** Rules of this policy area (registered in ../index.ts). */
import type { Rule } from '@renshe/rules/rule.ts';
import { socialInsuranceLateFee } from './late-fee.rule.ts';
import { workInjuryPremium } from './work-injury-premium.rule.ts';

/** Every rule of this area. */
export const rules: Rule[] = [workInjuryPremium, socialInsuranceLateFee];
