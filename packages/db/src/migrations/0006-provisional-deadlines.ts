/**
 * 预计期限: a deadline computed over a year whose State Council holiday notice is not loaded yet is stored
 * with a flag, so lists can mark it 「预计」 and loading the year finds the cases and tasks to recompute.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('case_file')
    .addColumn('deadline_provisional', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .alterTable('case_task')
    .addColumn('due_provisional', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  // Open cases to recompute when a year is loaded (few: only those with an estimated or missing clock).
  await sql`create index case_file_provisional_idx on case_file (region_code) where not terminal and (deadline_provisional or clock_state = 'calendar_missing')`.execute(
    db,
  );
}
