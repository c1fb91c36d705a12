/** Rules of this policy area (registered in ../index.ts). */
import type { Rule } from '@renshe/rules/rule.ts';
import { shanxi2023DibaoElderlySubsidy } from './shanxi-2023-dibao-elderly-subsidy.rule.ts';
import { shanxi2023ResidentPensionBase } from './shanxi-2023-resident-pension-base.rule.ts';
import { shanxi2023VeteranLumpSum } from './shanxi-2023-veteran-lump-sum.rule.ts';
import { shanxiLoveVoucher } from './shanxi-love-voucher.rule.ts';

/** Every rule of this area. */
export const rules: Rule[] = [
  shanxi2023ResidentPensionBase,
  shanxi2023DibaoElderlySubsidy,
  shanxi2023VeteranLumpSum,
  shanxiLoveVoucher,
];
