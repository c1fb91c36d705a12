/**
 * Formula pieces several policies share. A piece lives here once its logic is the same in two rules.
 */
import { type Expr, f } from '@renshe/rules/expr.ts';

/**
 * 提标额: a fixed increment (a parameter, `whenUnknown: 0` so that before publication nothing is raised)
 * paid only to someone already receiving the amount; otherwise 0 元 with `notPaidLabel` as the reason.
 */
export function incrementIfPaid(before: Expr, incrementParam: string, notPaidLabel: string): Expr {
  return f.step(
    '提标额',
    f.when(f.gt(before, f.fen(0)), f.param(incrementParam, { whenUnknown: 0 }), f.fen(0, notPaidLabel)),
  );
}
