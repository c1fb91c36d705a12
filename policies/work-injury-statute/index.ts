/** Rules of this policy area (registered in ../index.ts). */
import type { Rule } from '@renshe/rules/rule.ts';
import { workInjuryDeathBenefits } from './death-benefits.rule.ts';
import { workInjuryDisabilityBenefits } from './disability-benefits.rule.ts';
import { workInjuryOwnWage } from './own-wage.rule.ts';

/** Every rule of this area. */
export const rules: Rule[] = [workInjuryOwnWage, workInjuryDisabilityBenefits, workInjuryDeathBenefits];
