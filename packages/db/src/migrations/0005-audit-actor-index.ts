/**
 * Audit rows by actor and time: what one account did recently (the pre-check limit counts a citizen's
 * registry reads in the last hour; supervisors review one account's actions).
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('audit_log_actor_at_idx')
    .on('audit_log')
    .columns(['actor_id', 'action', 'at'])
    .execute();
}
