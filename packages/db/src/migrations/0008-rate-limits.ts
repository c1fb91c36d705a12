/**
 * 访问频次限制: one counter per (key, fixed window) shared by every server process, so a limit holds however many
 * processes answer (processes coordinate only through the database). Keys name what is limited and for whom,
 * e.g. `progress:ip:203.0.113.7`, `progress:case:140100-…`, `register:phone:<keyed hash>`.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_hit')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_hit_pk', ['key', 'window_start'])
    .execute();
  await db.schema
    .createIndex('rate_limit_hit_window_idx')
    .on('rate_limit_hit')
    .column('window_start')
    .execute();
}
