/** Follow-up tasks (跟进任务): 差评整改 and 告知承诺核查, with their own deadlines and reminder timers. */
import type { Kysely, Selectable } from 'kysely';
import type { CaseTaskTable, Database } from '../schema.ts';
import { FIRST_PAGE, type Page, type PageRequest, readPage } from './paging.ts';

/** A stored task. */
export type CaseTaskRow = Selectable<CaseTaskTable>;

/**
 * Opens a task (in the caller's transaction) and plans its reminder timer at the deadline. Idempotent per
 * (case, kind, ref): a retried opening returns the existing task.
 */
export async function openCaseTask(
  trx: Kysely<Database>,
  t: {
    caseNumber: string;
    kind: CaseTaskRow['kind'];
    departmentCode: string;
    regionCode: string;
    openedAt: Date;
    dueAt: Date;
    /** The due date used an estimated calendar year (「预计」). */
    dueProvisional?: boolean;
    ref: string;
  },
): Promise<{ task: CaseTaskRow; created: boolean }> {
  const inserted = await trx
    .insertInto('case_task')
    .values({
      case_number: t.caseNumber,
      kind: t.kind,
      department_code: t.departmentCode,
      region_code: t.regionCode,
      opened_at: t.openedAt,
      due_at: t.dueAt,
      due_provisional: t.dueProvisional ?? false,
      ref: t.ref,
    })
    .onConflict((oc) => oc.columns(['case_number', 'kind', 'ref']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) {
    const task = await trx
      .selectFrom('case_task')
      .selectAll()
      .where('case_number', '=', t.caseNumber)
      .where('kind', '=', t.kind)
      .where('ref', '=', t.ref)
      .executeTakeFirstOrThrow();
    return { task, created: false };
  }
  await trx
    .insertInto('case_timer')
    .values({
      case_number: t.caseNumber,
      kind: 'task',
      region_code: t.regionCode,
      fire_at: t.dueAt,
      task_id: inserted.id,
    })
    .execute();
  return { task: inserted, created: true };
}

/**
 * Open tasks a loaded calendar year can move: due dates marked 「预计」 or due at or after `from`, by id after
 * `afterId` (keyset paging).
 */
export function listOpenTasksForRecompute(
  db: Kysely<Database>,
  from: Date,
  afterId: number,
  limit: number,
): Promise<CaseTaskRow[]> {
  return db
    .selectFrom('case_task')
    .selectAll()
    .where('closed_at', 'is', null)
    .where('id', '>', afterId)
    .where((eb) => eb.or([eb('due_provisional', '=', true), eb('due_at', '>=', from)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Moves an open task's due date (and its unfired reminder timer) after the calendar changed. */
export async function rescheduleTask(
  trx: Kysely<Database>,
  id: number,
  dueAt: Date,
  dueProvisional: boolean,
): Promise<void> {
  await trx
    .updateTable('case_task')
    .set({ due_at: dueAt, due_provisional: dueProvisional })
    .where('id', '=', id)
    .execute();
  await trx
    .updateTable('case_timer')
    .set({ fire_at: dueAt })
    .where('task_id', '=', id)
    .where('fired_at', 'is', null)
    .execute();
}

/** The open task of a kind on a case, locked for closing. */
export function findOpenTask(trx: Kysely<Database>, caseNumber: string, kind: CaseTaskRow['kind']) {
  return trx
    .selectFrom('case_task')
    .selectAll()
    .where('case_number', '=', caseNumber)
    .where('kind', '=', kind)
    .where('closed_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .executeTakeFirst();
}

/** Closes a task with its outcome; its reminder timer, if not yet fired, is dropped. */
export async function closeCaseTask(
  trx: Kysely<Database>,
  id: number,
  c: { at: Date; by: string; outcome: string; note: string },
): Promise<void> {
  await trx
    .updateTable('case_task')
    .set({ closed_at: c.at, closed_by: c.by, outcome: c.outcome, note: c.note })
    .where('id', '=', id)
    .execute();
  await trx.deleteFrom('case_timer').where('task_id', '=', id).where('fired_at', 'is', null).execute();
}

/** One task by id. */
export function findTask(db: Kysely<Database>, id: number): Promise<CaseTaskRow | undefined> {
  return db.selectFrom('case_task').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Tasks of a case, oldest first. */
export function listTasksOfCase(db: Kysely<Database>, caseNumber: string): Promise<CaseTaskRow[]> {
  return db.selectFrom('case_task').selectAll().where('case_number', '=', caseNumber).orderBy('id').execute();
}

/**
 * One page of the open tasks of a department in a region and below, soonest deadline first (then oldest
 * first, then by id), with the count of all of them.
 */
export function listOpenTasks(
  db: Kysely<Database>,
  departmentCode: string,
  regionPrefix: string,
  page: PageRequest = FIRST_PAGE,
): Promise<Page<CaseTaskRow>> {
  return readPage(
    db
      .selectFrom('case_task')
      .where('department_code', '=', departmentCode)
      .where('region_code', 'like', `${regionPrefix}%`)
      .where('closed_at', 'is', null),
    (q) => q.selectAll().orderBy('due_at').orderBy('opened_at').orderBy('id'),
    page,
  );
}
