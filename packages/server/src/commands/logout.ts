/** 退出登录: deletes the current session. */
import { appendAudit, deleteSession } from '@renshe/db';
import { auditEntry, type CommandContext } from '../context.ts';

/** Ends the session identified by `tokenHash` (no-op when already gone). */
export async function logout(ctx: CommandContext, tokenHash: string | null): Promise<void> {
  if (!tokenHash) return;
  await ctx.db.transaction().execute(async (trx) => {
    await deleteSession(trx, tokenHash);
    await appendAudit(
      trx,
      auditEntry(ctx, 'auth.logout', {
        type: 'account',
        id: ctx.actor.id ?? null,
        regionCode: ctx.actor.regionCode ?? null,
      }),
    );
  });
}
