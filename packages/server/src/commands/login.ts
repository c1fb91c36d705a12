/**
 * 登录. Failures are counted per (login name, client address): 5 in 15 minutes refuse that name from that
 * address for the rest of the window, while the owner logging in from anywhere else is not affected; and per
 * client address over all names (50 in 15 minutes refuse the address). The client address is the socket's,
 * or what a configured trusted proxy reports (TRUSTED_PROXIES), so a client cannot pick it. Unknown accounts
 * cost the same scrypt time as known ones, and the answer never says whether the name exists.
 */

import {
  type AccountRow,
  appendAudit,
  countRecentFailures,
  findAccountByLogin,
  insertSession,
  markLoginAttemptSucceeded,
  recordLoginAttempt,
} from '@renshe/db';
import { DomainError } from '@renshe/domain/errors.ts';
import { dummyHash, verifyPassword } from '../auth/password.ts';
import { auditEntry, type CommandContext } from '../context.ts';
import { actorOf, hashToken, newSessionToken } from '../plugins/session.ts';

/** Throttling limits: failures per (login name, address) and per address, in a window. */
export const LOGIN_LIMITS = { windowMinutes: 15, perLoginName: 5, perIp: 50 } as const;

/**
 * Normalises what people type as a login name: surrounding spaces, and lower case in an 18-character
 * 身份证号 (x) or 统一社会信用代码. Staff user names are lower case already.
 */
export function loginKey(loginName: string): string {
  const s = loginName.trim();
  return s.length === 18 ? s.toUpperCase() : s;
}

/** Logs in; returns the account and a new session token. */
export async function login(
  ctx: CommandContext,
  input: { loginName: string; password: string },
  ip: string | null,
): Promise<{ account: AccountRow; token: string; expiresAt: Date }> {
  const now = ctx.clock.now();
  const key = loginKey(input.loginName);
  const windowMs = LOGIN_LIMITS.windowMinutes * 60_000;
  // The attempt is recorded as a failure before anything is checked, and counted with the others: requests
  // racing each other cannot all pass the count before any failure is written. A success is marked below.
  const attempt = await recordLoginAttempt(ctx.db, { loginKey: key, ip, succeeded: false, at: now });
  const recent = await countRecentFailures(ctx.db, key, ip, new Date(now.getTime() - windowMs));
  if (recent.byKey > LOGIN_LIMITS.perLoginName || recent.byIp > LOGIN_LIMITS.perIp) {
    const until = (recent.oldestKeyFailure?.getTime() ?? now.getTime()) + windowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
    throw new DomainError(
      'LOGIN_THROTTLED',
      `登录失败次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`,
      {
        retryAfterSeconds,
      },
    );
  }
  const account = await findAccountByLogin(ctx.db, key);
  const passwordOk = await verifyPassword(
    input.password,
    account?.password_hash ?? dummyHash(ctx.config.scrypt),
  );
  if (!account || !passwordOk || account.status !== 'active') {
    await ctx.db.transaction().execute(async (trx) => {
      await appendAudit(
        trx,
        auditEntry(
          ctx,
          'auth.login_failed',
          { type: 'account', id: account?.id ?? null, regionCode: account?.region_code ?? null },
          {
            loginName: key,
          },
        ),
      );
    });
    const remaining = LOGIN_LIMITS.perLoginName - recent.byKey;
    throw new DomainError(
      'LOGIN_FAILED',
      `账号或密码错误${remaining > 0 ? `，还可尝试 ${remaining} 次` : ''}`,
      {
        remainingAttempts: Math.max(0, remaining),
      },
    );
  }
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3600_000);
  await ctx.db.transaction().execute(async (trx) => {
    await markLoginAttemptSucceeded(trx, attempt);
    await insertSession(trx, { tokenHash: hashToken(token), accountId: account.id, expiresAt, ip, now });
    await appendAudit(
      trx,
      auditEntry({ ...ctx, actor: actorOf(account) }, 'auth.login', {
        type: 'account',
        id: account.id,
        regionCode: account.region_code,
      }),
    );
  });
  return { account, token, expiresAt };
}
