/**
 * Accounts and sessions. A citizen's 身份证号 and every phone are sealed, logins are found by their lookup
 * hash (personal-data.ts); every read returns `AccountRow` with them as text (`accountOf`).
 */
import type { Kysely } from 'kysely';
import { LOOKUP, lookupHash, openText, sealText } from '../personal-data.ts';
import type { AccountRow, Database, NewAccount, StoredAccountRow } from '../schema.ts';
import { FIRST_PAGE, type Page, type PageRequest, readPage } from './paging.ts';

/** An account as stored → as read: the sealed login (citizens) and phone opened, the lookup hash left out. */
export function accountOf(row: StoredAccountRow): AccountRow;
export function accountOf(row: StoredAccountRow | undefined): AccountRow | undefined;
export function accountOf(row: StoredAccountRow | undefined): AccountRow | undefined {
  if (!row) return undefined;
  const { login_name, login_hmac: _h, login_name_enc, phone_enc, ...rest } = row;
  return {
    ...rest,
    login_name: login_name ?? openText(login_name_enc ?? ''),
    phone: openText(phone_enc),
  };
}

/**
 * Finds an account by its login name (身份证号, 统一社会信用代码 or staff user name, normalised as `loginKey`
 * does), through its lookup hash.
 */
export async function findAccountByLogin(
  db: Kysely<Database>,
  loginName: string,
): Promise<AccountRow | undefined> {
  return accountOf(
    await db
      .selectFrom('account')
      .selectAll()
      .where('login_hmac', '=', lookupHash(LOOKUP.login, loginName))
      .executeTakeFirst(),
  );
}

/** Finds an account by id. */
export async function findAccountById(db: Kysely<Database>, id: string): Promise<AccountRow | undefined> {
  return accountOf(await db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst());
}

/**
 * Inserts an account; returns undefined when the login name is taken (no exception, no half write). A
 * citizen's login (身份证号) is stored only sealed; every login gets its lookup hash; the phone is sealed.
 */
export async function insertAccount(
  db: Kysely<Database>,
  account: NewAccount,
): Promise<AccountRow | undefined> {
  const { login_name, phone, ...rest } = account;
  const citizen = account.kind === 'citizen';
  const row = await db
    .insertInto('account')
    .values({
      ...rest,
      login_name: citizen ? null : login_name,
      login_hmac: lookupHash(LOOKUP.login, login_name),
      login_name_enc: citizen ? sealText(login_name) : null,
      phone_enc: sealText(phone),
    })
    .onConflict((oc) => oc.column('login_hmac').doNothing())
    .returningAll()
    .executeTakeFirst();
  return accountOf(row);
}

/** Replaces the password hash. */
export async function updatePasswordHash(
  db: Kysely<Database>,
  id: string,
  hash: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('account')
    .set({ password_hash: hash, password_changed_at: at })
    .where('id', '=', id)
    .execute();
}

/**
 * One page of the staff accounts whose region lies within `regionPrefix` (codes trimmed of trailing zero
 * pairs), by region then login name, with the count of all of them.
 */
export function listStaffInRegion(
  db: Kysely<Database>,
  regionPrefix: string,
  page: PageRequest = FIRST_PAGE,
): Promise<Page<AccountRow>> {
  return readPage(
    db.selectFrom('account').where('kind', '=', 'staff').where('region_code', 'like', `${regionPrefix}%`),
    (q) => q.selectAll().orderBy('region_code').orderBy('login_name').orderBy('id'),
    page,
  ).then((p) => ({ ...p, items: p.items.map((a) => accountOf(a)) }));
}

/** A session joined with its account, when the session is valid at `now`. */
export async function findSessionAccount(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<AccountRow | undefined> {
  const row = await db
    .selectFrom('session')
    .innerJoin('account', 'account.id', 'session.account_id')
    .selectAll('account')
    .where('session.token_hash', '=', tokenHash)
    .where('session.expires_at', '>', now)
    .where('account.status', '=', 'active')
    .executeTakeFirst();
  return accountOf(row);
}

/** Creates a session. */
export async function insertSession(
  db: Kysely<Database>,
  s: { tokenHash: string; accountId: string; expiresAt: Date; ip: string | null; now: Date },
): Promise<void> {
  await db
    .insertInto('session')
    .values({
      token_hash: s.tokenHash,
      account_id: s.accountId,
      expires_at: s.expiresAt,
      ip: s.ip,
      created_at: s.now,
    })
    .execute();
}

/** Deletes one session (logout). */
export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('session').where('token_hash', '=', tokenHash).execute();
}

/** Deletes every session of an account except `keep` (after a password change). */
export async function deleteOtherSessions(
  db: Kysely<Database>,
  accountId: string,
  keep: string,
): Promise<number> {
  const r = await db
    .deleteFrom('session')
    .where('account_id', '=', accountId)
    .where('token_hash', '<>', keep)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Records a login attempt (the input of throttling), under the login key's lookup hash. */
export async function recordLoginAttempt(
  db: Kysely<Database>,
  a: { loginKey: string; ip: string | null; succeeded: boolean; at: Date },
): Promise<number> {
  const row = await db
    .insertInto('login_attempt')
    .values({ login_key: lookupHash(LOOKUP.login, a.loginKey), ip: a.ip, succeeded: a.succeeded, at: a.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Marks an attempt recorded as failed (before the password was checked) as the success it turned out to be. */
export async function markLoginAttemptSucceeded(db: Kysely<Database>, id: number): Promise<void> {
  await db.updateTable('login_attempt').set({ succeeded: true }).where('id', '=', id).execute();
}

/**
 * Failed attempts since `since` for a login key from one client address (after the key's last success from
 * that address), and from that address for any key, plus the time of the oldest counted failure of the pair
 * (to tell the user when to retry). Counting the pair, not the key alone, means a stranger's guesses lock out
 * the stranger's address, never the owner logging in from elsewhere.
 */
export async function countRecentFailures(
  db: Kysely<Database>,
  loginKey: string,
  ip: string | null,
  since: Date,
): Promise<{ byKey: number; byIp: number; oldestKeyFailure: Date | null }> {
  const keyHash = lookupHash(LOOKUP.login, loginKey);
  // Attempts are ordered by id (not time: two in the same millisecond are still one after the other).
  const lastSuccess = await db
    .selectFrom('login_attempt')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('login_key', '=', keyHash)
    .where((eb) => (ip === null ? eb('ip', 'is', null) : eb('ip', '=', ip)))
    .where('succeeded', '=', true)
    .where('at', '>=', since)
    .executeTakeFirst();
  const byKey = await db
    .selectFrom('login_attempt')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
    .where('login_key', '=', keyHash)
    .where((eb) => (ip === null ? eb('ip', 'is', null) : eb('ip', '=', ip)))
    .where('succeeded', '=', false)
    .where('at', '>=', since)
    .where('id', '>', Number(lastSuccess?.id ?? 0))
    .executeTakeFirstOrThrow();
  let byIp = 0;
  if (ip) {
    const r = await db
      .selectFrom('login_attempt')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ip', '=', ip)
      .where('succeeded', '=', false)
      .where('at', '>=', since)
      .executeTakeFirstOrThrow();
    byIp = r.n;
  }
  return { byKey: byKey.n, byIp, oldestKeyFailure: (byKey.oldest as Date | null) ?? null };
}
