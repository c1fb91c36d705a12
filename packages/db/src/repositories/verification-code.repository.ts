/** One-time codes (`verification_code`): issued, checked with an attempt count, used once. */
import type { Kysely } from 'kysely';
import type { Database, VerificationCodeTable } from '../schema.ts';

type Purpose = VerificationCodeTable['purpose'];

/** Stores a new code's hash; earlier unused codes of the same purpose and subject stop counting. */
export async function issueVerificationCode(
  db: Kysely<Database>,
  c: { purpose: Purpose; subjectHash: string; codeHash: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db
    .updateTable('verification_code')
    .set({ used_at: c.now })
    .where('purpose', '=', c.purpose)
    .where('subject_hash', '=', c.subjectHash)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('verification_code')
    .values({
      purpose: c.purpose,
      subject_hash: c.subjectHash,
      code_hash: c.codeHash,
      created_at: c.now,
      expires_at: c.expiresAt,
    })
    .execute();
}

/**
 * The live code of a subject, locked, with one more attempt counted (so guesses are limited even when the
 * caller's transaction later fails); undefined when there is none or it expired.
 */
export async function takeVerificationAttempt(
  trx: Kysely<Database>,
  purpose: Purpose,
  subjectHash: string,
  now: Date,
): Promise<{ id: number; codeHash: string; attempts: number } | undefined> {
  const row = await trx
    .selectFrom('verification_code')
    .select(['id', 'code_hash', 'attempts'])
    .where('purpose', '=', purpose)
    .where('subject_hash', '=', subjectHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  await trx
    .updateTable('verification_code')
    .set({ attempts: row.attempts + 1 })
    .where('id', '=', row.id)
    .execute();
  return { id: Number(row.id), codeHash: row.code_hash, attempts: row.attempts + 1 };
}

/**
 * Marks a code used (it never works again); false when it was used already — by a request racing this one —
 * so exactly one caller wins.
 */
export async function useVerificationCode(trx: Kysely<Database>, id: number, now: Date): Promise<boolean> {
  const r = await trx
    .updateTable('verification_code')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
