/** Rules of this policy area (registered in ../index.ts). */
import type { Rule } from '@renshe/rules/rule.ts';

/** Every rule of this area. */
export const rules: Rule[] = [];
