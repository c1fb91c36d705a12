/** 修改密码: checks the current password, applies the policy, ends every other session. */

import { appendAudit, deleteOtherSessions, findAccountById, updatePasswordHash } from '@renshe/db';
import { DomainError } from '@renshe/domain/errors.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password.ts';
import { auditEntry, type CommandContext } from '../context.ts';
import { enforceLimits, type RateLimit } from '../services/rate-limits.ts';

/** Password-change attempts per account (an example value: 等保 leaves the number to the system). */
export const PASSWORD_CHANGE_LIMIT: RateLimit = { limit: 5, windowMinutes: 15 };

/** Changes the actor's password; returns how many other sessions were ended. */
export async function changePassword(
  ctx: CommandContext,
  input: { currentPassword: string; newPassword: string },
  currentTokenHash: string,
): Promise<{ endedSessions: number }> {
  const account = ctx.actor.id ? await findAccountById(ctx.db, ctx.actor.id) : undefined;
  if (!account) throw new DomainError('UNAUTHENTICATED', '请先登录');
  // Each attempt costs a scrypt hash and tests the current password: limited per account.
  await enforceLimits(ctx, 'PASSWORD_CHANGE', [
    { key: `password-change:${account.id}`, rule: PASSWORD_CHANGE_LIMIT },
  ]);
  if (!(await verifyPassword(input.currentPassword, account.password_hash))) {
    throw new DomainError('PASSWORD_INCORRECT', '当前密码不正确', { field: 'currentPassword' });
  }
  const problem = passwordProblem(input.newPassword, [account.login_name, account.display_name]);
  if (problem) throw new DomainError('PASSWORD_TOO_WEAK', problem, { field: 'newPassword' });
  if (input.newPassword === input.currentPassword) {
    throw new DomainError('PASSWORD_UNCHANGED', '新密码不能与当前密码相同', { field: 'newPassword' });
  }
  const hash = await hashPassword(input.newPassword, ctx.config.scrypt);
  return ctx.db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, account.id, hash, ctx.clock.now());
    const endedSessions = await deleteOtherSessions(trx, account.id, currentTokenHash);
    await appendAudit(
      trx,
      auditEntry(
        ctx,
        'account.password_changed',
        { type: 'account', id: account.id, regionCode: account.region_code },
        { endedSessions },
      ),
    );
    return { endedSessions };
  });
}
