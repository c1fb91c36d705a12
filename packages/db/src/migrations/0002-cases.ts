/** Cases (办件): one row per case with its derived summary and indexed deadline, plus the append-only events. */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_file')
    .addColumn('case_number', 'text', (c) => c.primaryKey())
    .addColumn('matter_code', 'text', (c) => c.notNull())
    .addColumn('matter_version', 'integer', (c) => c.notNull())
    .addColumn('applicant_id', 'uuid', (c) => c.notNull().references('account.id'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('department_code', 'text', (c) => c.notNull().references('department.code'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('terminal', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('clock_state', 'text', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    /** End of the statutory deadline day (Shanghai), null while not started or paused. */
    .addColumn('deadline_at', 'timestamptz')
    /** When the warning share of the limit is reached. */
    .addColumn('warn_at', 'timestamptz')
    /** When the case reached a terminal state, and whether its statutory clock stopped on time. */
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_on_time', 'boolean')
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index case_file_idempotency_idx on case_file (applicant_id, idempotency_key) where idempotency_key is not null`.execute(
    db,
  );
  // Inbox and supervision: open cases of a department in a region, by deadline.
  await sql`create index case_file_inbox_idx on case_file (department_code, region_code, deadline_at) where not terminal`.execute(
    db,
  );
  await sql`create index case_file_overdue_idx on case_file (region_code, deadline_at) where not terminal`.execute(
    db,
  );
  await db.schema
    .createIndex('case_file_applicant_idx')
    .on('case_file')
    .columns(['applicant_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('case_event')
    .addColumn('case_number', 'text', (c) => c.notNull().references('case_file.case_number'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_event_pk', ['case_number', 'seq'])
    .execute();
  await sql`
    create function case_event_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'case_event is append-only (% refused)', tg_op using errcode = 'P0001';
    end $$`.execute(db);
  await sql`
    create trigger case_event_no_update_delete before update or delete on case_event
    for each row execute function case_event_append_only()`.execute(db);

  // Durable timers: a warning and the deadline of each open case, fired by the worker within seconds of
  // fire_at (not a daily sweep), claimed with SKIP LOCKED, isolated per region.
  await db.schema
    .createTable('case_timer')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_number', 'text', (c) => c.notNull().references('case_file.case_number'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('warn','due')`))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('fire_at', 'timestamptz', (c) => c.notNull())
    .addColumn('fired_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await sql`create index case_timer_due_idx on case_timer (region_code, fire_at) where fired_at is null`.execute(
    db,
  );
  await db.schema.createIndex('case_timer_case_idx').on('case_timer').column('case_number').execute();

  // Transactional outbox: notifications written with the event, sent later with retries and back-off.
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await sql`create index outbox_pending_idx on outbox (next_attempt_at) where sent_at is null`.execute(db);

  // 好差评: one rating per case per channel; a 差评 (1–2) opens a follow-up with its own deadline.
  await db.schema
    .createTable('case_rating')
    .addColumn('case_number', 'text', (c) => c.notNull().references('case_file.case_number'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull().check(sql`score between 1 and 5`))
    .addColumn('comment', 'text')
    .addColumn('rated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('follow_up_due_at', 'timestamptz')
    .addColumn('follow_up_closed_at', 'timestamptz')
    .addColumn('follow_up_note', 'text')
    .addPrimaryKeyConstraint('case_rating_pk', ['case_number', 'channel'])
    .execute();
  await sql`create index case_rating_follow_up_idx on case_rating (follow_up_due_at) where follow_up_due_at is not null and follow_up_closed_at is null`.execute(
    db,
  );

  await db.schema
    .createTable('case_counter')
    .addColumn('prefix', 'text', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();
}
