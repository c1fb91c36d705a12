/** Rules of this policy area (registered in ../index.ts). */
import type { Rule } from '@renshe/rules/rule.ts';
import { shanxi2023WorkInjuryAdjustment } from './shanxi-2023-adjustment.rule.ts';

/** Every rule of this area. */
export const rules: Rule[] = [shanxi2023WorkInjuryAdjustment];
