import { computeBackPay } from '@renshe/rules/back-pay.ts';
import { yuanInputsToFen } from '@renshe/rules/rule.ts';
import { describe, expect, it } from 'vitest';
import { loadParameterStore } from '../index.ts';
import { S2_GRADE1_INPUTS } from '../testing.ts';
import { shanxi2023WorkInjuryAdjustment as rule } from './shanxi-2023-adjustment.rule.ts';

const store = loadParameterStore();
const grade1 = yuanInputsToFen(rule, S2_GRADE1_INPUTS);

describe('S2 back-pay (补发) from the bitemporal parameters', () => {
  it('owes 11 months × 264.00 元 when paid on 2023-12-20', () => {
    const r = computeBackPay(store, rule, grade1, {
      region: '140105',
      fromMonth: '2023-01',
      paymentDate: '2023-12-20',
      output: 'allowance',
    });
    expect(r.months).toHaveLength(11);
    expect(r.months.every((m) => m.paid === 290000 && m.due === 316400)).toBe(true);
    expect(r.total).toBe(11 * 26400);
    expect(r.explanation[0]).toContain('合计 2904.00 元');
    expect(r.explanation.at(-1)).toBe('2023-12 起按新标准 3164.00 元发放');
  });

  it('owes nothing when asked before the notice was published', () => {
    const r = computeBackPay(store, rule, grade1, {
      region: '140105',
      fromMonth: '2023-01',
      paymentDate: '2023-12-13',
      output: 'allowance',
    });
    expect(r.total).toBe(0);
  });

  it('paid late (2024-02): owes all 12 months of 2023, but not January 2024, already known at the new rate', () => {
    const r = computeBackPay(store, rule, grade1, {
      region: '140105',
      fromMonth: '2023-01',
      paymentDate: '2024-02-05',
      output: 'monthlyTotal',
    });
    expect(r.months).toHaveLength(13);
    expect(r.months.at(-1)).toEqual({ month: '2024-01', paid: 316400, due: 316400, owed: 0 });
    expect(r.total).toBe(12 * 26400);
  });

  it.each([
    [{ fromMonth: '2023-13' }, 'BACK_PAY_RANGE_INVALID'],
    [{ fromMonth: '2024-01', paymentDate: '2023-12-20' }, 'BACK_PAY_RANGE_INVALID'],
    [{ output: 'eligible' }, 'RULE_OUTPUT_INVALID'],
  ])('refuses %o', (bad, code) => {
    expect(() =>
      computeBackPay(store, rule, grade1, {
        region: '140105',
        fromMonth: '2023-01',
        paymentDate: '2023-12-20',
        output: 'allowance',
        ...bad,
      }),
    ).toThrow(expect.objectContaining({ code }));
  });
});
