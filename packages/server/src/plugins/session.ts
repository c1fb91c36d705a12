/**
 * Resolves the session cookie to an actor on every request. The cookie holds a random token; the
 * database holds only its SHA-256. httpOnly + SameSite=Lax; Secure behind HTTPS. State-changing routes
 * accept only JSON bodies, which a cross-site form cannot send without a CORS preflight.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type AccountRow, findSessionAccount } from '@renshe/db';
import { type Actor, ANONYMOUS } from '@renshe/domain/access/actor.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../context.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'renshe_session';

/** SHA-256 of a session token (what the database stores). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random session token. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The actor an account acts as. */
export function actorOf(account: AccountRow): Actor {
  return {
    kind: account.kind,
    id: account.id,
    roles: account.roles,
    ...(account.department_code ? { departmentCode: account.department_code } : {}),
    ...(account.region_code ? { regionCode: account.region_code } : {}),
  };
}

/** Sets the session cookie on a reply. */
export function setSessionCookie(reply: FastifyReply, deps: AppDeps, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure:
      deps.config.cookieSecure === 'auto' ? reply.request.protocol === 'https' : deps.config.cookieSecure,
    path: '/',
    // Max-Age, not Expires: relative to the server's clock (deps.clock), so a browser whose clock differs
    // (or a test clock, RENSHE_TEST_NOW) keeps the session exactly as long.
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - deps.clock.now().getTime()) / 1000)),
  });
}

/** Clears the session cookie. */
export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Adds `request.actor`, `request.account` and `request.sessionTokenHash`. */
export function registerSession(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('sessionTokenHash', null);
  app.decorateRequest('account', null);
  // A callback hook: a request without a session cookie (public calls) continues at once, with no promise.
  app.addHook('onRequest', (req, _reply, done) => {
    req.actor = ANONYMOUS;
    req.account = null;
    const token = req.cookies[SESSION_COOKIE];
    if (!token || token.length > 100) {
      done();
      return;
    }
    const tokenHash = hashToken(token);
    findSessionAccount(deps.db, tokenHash, deps.clock.now()).then((account) => {
      if (account) {
        req.actor = actorOf(account);
        req.account = account;
        req.sessionTokenHash = tokenHash;
      }
      done();
    }, done);
  });
}
