/**
 * Brings a database to the latest schema. Re-runnable: a no-op when current. Forward-only: there are
 * no down migrations; Kysely's lock table makes concurrent starts safe on PostgreSQL.
 */
import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from './migrations/index.ts';
import { scrubPlaintextRemnants } from './repositories/personal-data.repository.ts';

/** Applies all pending migrations; returns the names applied (empty when already current). */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema.
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  // 0010 sealed personal data in place; the plain values' old row versions and WAL records go too.
  if (applied.includes('0010-personal-data-sealed')) await scrubPlaintextRemnants(db);
  return applied;
}
