/** Rules of this policy area (registered in ../index.ts). */
import type { Rule } from '@renshe/rules/rule.ts';
import { overtimePayRule } from './overtime-pay.rule.ts';
import { shanxi2023FestivalTrainingSubsidy } from './shanxi-2023-festival-training-subsidy.rule.ts';
import { wageConversion } from './wage-conversion.rule.ts';

/** Every rule of this area. */
export const rules: Rule[] = [wageConversion, overtimePayRule, shanxi2023FestivalTrainingSubsidy];
