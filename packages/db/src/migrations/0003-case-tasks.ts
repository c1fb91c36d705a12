/**
 * Follow-up tasks (跟进任务) on a case, each with its own deadline and owner department: the 好差评 follow-up
 * of a bad rating (moved here from case_rating) and the 告知承诺 verification (事后核查) that opens when a
 * case with a signed commitment closes with a granted result. Timers gain two kinds: `stage` (a state's own
 * limit, e.g. the 容缺 deadline, after which the system takes the state's expiry action) and `task` (a task's
 * deadline: the department is reminded).
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_task')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_number', 'text', (c) => c.notNull().references('case_file.case_number'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('rating_follow_up','commitment_verification')`),
    )
    .addColumn('department_code', 'text', (c) => c.notNull().references('department.code'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by', 'text')
    .addColumn('outcome', 'text')
    .addColumn('note', 'text')
    /** What opened it (the rating channel, or the seq of the closing event). */
    .addColumn('ref', 'text', (c) => c.notNull())
    .execute();
  // One task of a kind per opening reason: a retried opening never doubles it.
  await sql`create unique index case_task_ref_idx on case_task (case_number, kind, ref)`.execute(db);
  await sql`create index case_task_open_idx on case_task (department_code, region_code, due_at) where closed_at is null`.execute(
    db,
  );
  await sql`
    insert into case_task (case_number, kind, department_code, region_code, opened_at, due_at, closed_at, note, ref)
    select r.case_number, 'rating_follow_up', f.department_code, f.region_code, r.rated_at, r.follow_up_due_at,
           r.follow_up_closed_at, r.follow_up_note, r.channel
    from case_rating r join case_file f on f.case_number = r.case_number
    where r.follow_up_due_at is not null`.execute(db);
  await sql`drop index if exists case_rating_follow_up_idx`.execute(db);
  await db.schema
    .alterTable('case_rating')
    .dropColumn('follow_up_due_at')
    .dropColumn('follow_up_closed_at')
    .dropColumn('follow_up_note')
    .execute();

  await sql`alter table case_timer drop constraint case_timer_kind_check`.execute(db);
  await sql`alter table case_timer add constraint case_timer_kind_check check (kind in ('warn','due','stage','task'))`.execute(
    db,
  );
  await db.schema
    .alterTable('case_timer')
    .addColumn('task_id', 'bigint', (c) => c.references('case_task.id'))
    .execute();
  // Follow-ups moved over while still open get their reminder, like every task opened from now on.
  await sql`
    insert into case_timer (case_number, kind, region_code, fire_at, task_id)
    select case_number, 'task', region_code, due_at, id from case_task where closed_at is null`.execute(db);
}
