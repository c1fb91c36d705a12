/**
 * Bundles (一件事): the parent case of a joint application and its parts, one sub-case per agency. The
 * parent holds the merged form, the eligibility answer with the registry evidence, and its status; each
 * part links a sub-case and records the agency system's confirmation and the part's result.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bundle')
    .addColumn('bundle_number', 'text', (c) => c.primaryKey())
    .addColumn('bundle_code', 'text', (c) => c.notNull())
    /** What the bundle is about (the newborn's birth record): one bundle per birth. */
    .addColumn('birth_record', 'text', (c) => c.notNull())
    .addColumn('bundle_version', 'integer', (c) => c.notNull())
    .addColumn('applicant_id', 'uuid', (c) => c.notNull().references('account.id'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    /** The coordinating department (一窗受理, supervision). */
    .addColumn('department_code', 'text', (c) => c.notNull().references('department.code'))
    .addColumn('form', 'jsonb', (c) => c.notNull())
    .addColumn('eligibility', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('in_progress','completed','completed_with_exceptions','withdrawn')`),
    )
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await sql`create unique index bundle_idempotency_idx on bundle (applicant_id, idempotency_key) where idempotency_key is not null`.execute(
    db,
  );
  await sql`create unique index bundle_birth_idx on bundle (bundle_code, birth_record)`.execute(db);
  await db.schema
    .createIndex('bundle_applicant_idx')
    .on('bundle')
    .columns(['applicant_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('bundle_part')
    .addColumn('bundle_number', 'text', (c) => c.notNull().references('bundle.bundle_number'))
    .addColumn('matter_code', 'text', (c) => c.notNull())
    .addColumn('case_number', 'text', (c) => c.notNull().unique().references('case_file.case_number'))
    /** The agency system's answer to the delivery: pending → confirmed | rejected | failed. */
    .addColumn('delivery', 'text', (c) =>
      c.notNull().check(sql`delivery in ('pending','confirmed','rejected','failed')`),
    )
    .addColumn('agency_ref', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('result', 'jsonb')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('bundle_part_pk', ['bundle_number', 'matter_code'])
    .execute();
}
