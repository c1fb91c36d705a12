/**
 * Keyed audit chains: each new row's hash is an HMAC under the key `key_id` names (keys come from the
 * configuration, never from the database). Rows written before this migration keep `key_id` null and
 * verify as the legacy (plain SHA-256) kind.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('key_id', 'text').execute();
}
