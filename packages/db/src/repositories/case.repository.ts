/** Cases: the row with its derived summary, the append-only events, case numbers and inbox queries. */

import { randomInt } from 'node:crypto';
import type { CaseEvent, CaseRecord } from '@renshe/cases/engine/case-record.ts';
import type { ActorRole } from '@renshe/cases/engine/roles.ts';
import { formatCaseNumber } from '@renshe/domain/ids/case-number.ts';
import { type Kysely, sql } from 'kysely';
import { openPersonal, sealPersonal } from '../personal-data.ts';
import type { CaseFileRow, Database } from '../schema.ts';
import { FIRST_PAGE, type Page, type PageRequest, readPage } from './paging.ts';

/** The summary columns kept in step with the events. */
export interface CaseSummary {
  state: string;
  terminal: boolean;
  clockState: string;
  deadlineAt: Date | null;
  /** The deadline used an estimated calendar year (「预计」). */
  deadlineProvisional: boolean;
  warnAt: Date | null;
  /** For a case that just ended: whether the statutory clock stopped on time (null if never started). */
  closedOnTime?: boolean | null;
}

/**
 * Reserves `count` consecutive case numbers for a prefix (region + business date), e.g.
 * 140100-20240902-000001-482730 (the last group random plus a check digit: `formatCaseNumber`). Call it on the database, not inside the case's transaction: the counter row is
 * then locked for one statement only, so concurrent submissions of a region and day do not queue behind
 * each other's transactions. A submission that fails afterwards leaves a gap in the numbering (allowed:
 * numbers are unique and ordered, not gapless).
 */
export async function reserveCaseNumbers(db: Kysely<Database>, prefix: string, count = 1): Promise<string[]> {
  return (await reserveCaseNumbersFor(db, new Map([[prefix, count]]))).get(prefix)!;
}

/** Reserves numbers for several prefixes at once (one statement): prefix → count in, prefix → numbers out. */
export async function reserveCaseNumbersFor(
  db: Kysely<Database>,
  counts: ReadonlyMap<string, number>,
): Promise<Map<string, string[]>> {
  const rows = await db
    .insertInto('case_counter')
    // Always in the same order: two submissions locking the same counters never wait on each other in a cycle.
    .values([...counts].sort(([a], [b]) => a.localeCompare(b)).map(([prefix, last]) => ({ prefix, last })))
    .onConflict((oc) => oc.column('prefix').doUpdateSet({ last: sql`case_counter.last + excluded.last` }))
    .returning(['prefix', 'last'])
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const n = counts.get(r.prefix)!;
    out.set(
      r.prefix,
      Array.from({ length: n }, (_, i) =>
        formatCaseNumber(r.prefix, r.last - n + 1 + i, String(randomInt(100_000)).padStart(5, '0')),
      ),
    );
  }
  return out;
}

function eventRow(caseNumber: string, e: CaseEvent) {
  const { seq, at, actor, action, kind, from, to, ...body } = e;
  return {
    case_number: caseNumber,
    seq,
    at,
    actor_id: actor.id,
    actor_role: actor.role,
    action,
    kind,
    from_state: from,
    to_state: to,
    // Personal values of the form data and results are sealed (personal-data.ts); opened in loadCaseRecord.
    body: JSON.stringify(sealPersonal({ ...body, actorName: actor.name, actorUnit: actor.unit })),
  };
}

/** A new case with its first event. */
export type NewCase = Omit<CaseRecord, 'events'> & {
  first: CaseEvent;
  summary: CaseSummary;
  idempotencyKey: string | null;
  now: Date;
};

/** Inserts new cases with their first events (two statements, whatever the number of cases). */
export async function insertCases(trx: Kysely<Database>, cases: readonly NewCase[]): Promise<void> {
  if (!cases.length) return;
  await trx
    .insertInto('case_file')
    .values(
      cases.map((c) => ({
        case_number: c.caseNumber,
        matter_code: c.matter.code,
        matter_version: c.matter.version,
        applicant_id: c.applicantId,
        region_code: c.regionCode,
        department_code: c.departmentCode,
        state: c.summary.state,
        terminal: c.summary.terminal,
        clock_state: c.summary.clockState,
        event_count: 1,
        deadline_at: c.summary.deadlineAt,
        deadline_provisional: c.summary.deadlineProvisional,
        warn_at: c.summary.warnAt,
        closed_at: c.summary.terminal ? c.now : null,
        closed_on_time: c.summary.terminal ? (c.summary.closedOnTime ?? null) : null,
        idempotency_key: c.idempotencyKey,
        created_at: c.now,
        updated_at: c.now,
      })),
    )
    .execute();
  await trx
    .insertInto('case_event')
    .values(cases.map((c) => eventRow(c.caseNumber, c.first)))
    .execute();
}

/**
 * Appends an event if the case still has `event.seq - 1` events (optimistic concurrency: two staff acting
 * at once — one wins, the other gets false and re-reads). Updates the summary in the same statement order.
 */
export async function appendCaseEvent(
  trx: Kysely<Database>,
  caseNumber: string,
  event: CaseEvent,
  summary: CaseSummary,
): Promise<boolean> {
  const updated = await trx
    .updateTable('case_file')
    .set({
      state: summary.state,
      terminal: summary.terminal,
      clock_state: summary.clockState,
      deadline_at: summary.deadlineAt,
      deadline_provisional: summary.deadlineProvisional,
      warn_at: summary.warnAt,
      ...(summary.terminal ? { closed_at: event.at, closed_on_time: summary.closedOnTime ?? null } : {}),
      event_count: event.seq,
      updated_at: event.at,
    })
    .where('case_number', '=', caseNumber)
    .where('event_count', '=', event.seq - 1)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  await trx.insertInto('case_event').values(eventRow(caseNumber, event)).execute();
  return true;
}

/** The case row, or undefined. */
export function findCaseFile(db: Kysely<Database>, caseNumber: string): Promise<CaseFileRow | undefined> {
  return db.selectFrom('case_file').selectAll().where('case_number', '=', caseNumber).executeTakeFirst();
}

/** A case by idempotency key of its applicant. */
export function findCaseByIdempotencyKey(
  db: Kysely<Database>,
  applicantId: string,
  key: string,
): Promise<CaseFileRow | undefined> {
  return db
    .selectFrom('case_file')
    .selectAll()
    .where('applicant_id', '=', applicantId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** The full record (row + events in order). */
export async function loadCaseRecord(db: Kysely<Database>, row: CaseFileRow): Promise<CaseRecord> {
  const events = await db
    .selectFrom('case_event')
    .selectAll()
    .where('case_number', '=', row.case_number)
    .orderBy('seq')
    .execute();
  return {
    caseNumber: row.case_number,
    matter: { code: row.matter_code, version: row.matter_version },
    applicantId: row.applicant_id,
    regionCode: row.region_code,
    departmentCode: row.department_code,
    events: events.map((e) => {
      const { actorName, actorUnit, ...body } = openPersonal(e.body) as Record<string, unknown> & {
        actorName?: string;
        actorUnit?: string;
      };
      return {
        seq: e.seq,
        at: e.at,
        actor: {
          id: e.actor_id,
          role: e.actor_role as ActorRole,
          ...(actorName ? { name: actorName } : {}),
          ...(actorUnit ? { unit: actorUnit } : {}),
        },
        action: e.action,
        kind: e.kind,
        from: e.from_state,
        to: e.to_state,
        ...(body as Partial<CaseEvent>),
      };
    }),
  };
}

/**
 * One page of the open cases of a department in a region and below, soonest deadline first (paused/not
 * started last), then oldest first, then by case number (a total order: pages neither repeat nor skip), with
 * the count of all of them.
 */
export function listInbox(
  db: Kysely<Database>,
  departmentCode: string,
  regionPrefix: string,
  page: PageRequest = FIRST_PAGE,
): Promise<Page<CaseFileRow>> {
  return readPage(
    db
      .selectFrom('case_file')
      .where('department_code', '=', departmentCode)
      .where('region_code', 'like', `${regionPrefix}%`)
      .where('terminal', '=', false),
    (q) =>
      q.selectAll().orderBy(sql`deadline_at asc nulls last`).orderBy('created_at').orderBy('case_number'),
    page,
  );
}

/**
 * Open cases whose clock may change when calendar year `year` is loaded: those with a 「预计」 deadline or a
 * clock that could not be computed, and those whose deadline falls in or after that year (a year loaded again
 * with corrections). At most `limit`, after `afterCaseNumber` (keyset paging).
 */
export function listOpenCasesForRecompute(
  db: Kysely<Database>,
  fromInstant: Date,
  afterCaseNumber: string,
  limit: number,
): Promise<CaseFileRow[]> {
  return db
    .selectFrom('case_file')
    .selectAll()
    .where('terminal', '=', false)
    .where('case_number', '>', afterCaseNumber)
    .where((eb) =>
      eb.or([
        eb('deadline_provisional', '=', true),
        eb('clock_state', '=', 'calendar_missing'),
        eb('deadline_at', '>=', fromInstant),
        // A stage limit (e.g. 容缺 materials) ending in or after the year.
        eb.exists(
          eb
            .selectFrom('case_timer')
            .select('case_timer.id')
            .whereRef('case_timer.case_number', '=', 'case_file.case_number')
            .where('case_timer.fired_at', 'is', null)
            .where('case_timer.kind', '=', 'stage')
            .where('case_timer.fire_at', '>=', fromInstant),
        ),
      ]),
    )
    .orderBy('case_number')
    .limit(limit)
    .execute();
}

/**
 * Whether an open case or task is still marked 「预计」 although its deadline lies before `firstEstimated` (the
 * first year still estimated): its clock used only years loaded since, so it is stale until recomputed.
 */
export async function hasStaleProvisional(db: Kysely<Database>, firstEstimated: Date): Promise<boolean> {
  const c = await db
    .selectFrom('case_file')
    .select('case_number')
    .where('terminal', '=', false)
    .where('deadline_provisional', '=', true)
    .where('deadline_at', '<=', firstEstimated)
    .limit(1)
    .executeTakeFirst();
  if (c) return true;
  const t = await db
    .selectFrom('case_task')
    .select('id')
    .where('closed_at', 'is', null)
    .where('due_provisional', '=', true)
    .where('due_at', '<=', firstEstimated)
    .limit(1)
    .executeTakeFirst();
  return t !== undefined;
}

/** One page of the applicant's own cases, newest first (then by case number), with the count of all of them. */
export function listCasesOfApplicant(
  db: Kysely<Database>,
  applicantId: string,
  page: PageRequest = FIRST_PAGE,
): Promise<Page<CaseFileRow>> {
  return readPage(
    db.selectFrom('case_file').where('applicant_id', '=', applicantId),
    (q) => q.selectAll().orderBy('created_at', 'desc').orderBy('case_number', 'desc'),
    page,
  );
}

/** One row of the supervision summary. */
export interface SupervisionRow {
  matter_code: string;
  state: string;
  open: number;
  overdue: number;
  due_soon: number;
  closed: number;
  closed_on_time: number;
}

/** Counts by matter and state for a region and below: open, overdue, due within `soonMs`, closed and closed on time. */
export async function supervisionSummary(
  db: Kysely<Database>,
  regionPrefix: string,
  now: Date,
  soonMs: number,
): Promise<SupervisionRow[]> {
  const soon = new Date(now.getTime() + soonMs);
  return db
    .selectFrom('case_file')
    .select((eb) => [
      'matter_code',
      'state',
      eb.fn.count<number>(sql`case when not terminal then 1 end`).as('open'),
      eb.fn.count<number>(sql`case when not terminal and deadline_at < ${now} then 1 end`).as('overdue'),
      eb.fn
        .count<number>(
          sql`case when not terminal and deadline_at >= ${now} and deadline_at < ${soon} then 1 end`,
        )
        .as('due_soon'),
      eb.fn.count<number>(sql`case when terminal then 1 end`).as('closed'),
      eb.fn.count<number>(sql`case when terminal and closed_on_time then 1 end`).as('closed_on_time'),
    ])
    .where('region_code', 'like', `${regionPrefix}%`)
    .groupBy(['matter_code', 'state'])
    .orderBy('matter_code')
    .orderBy('state')
    .execute();
}

/** Open cases of a region whose deadline falls in [from, to), soonest first (served by the partial deadline index). */
function openCasesByDeadline(
  db: Kysely<Database>,
  regionCode: string,
  from: Date | null,
  to: Date,
  limit: number,
): Promise<CaseFileRow[]> {
  let q = db
    .selectFrom('case_file')
    .selectAll()
    .where('region_code', '=', regionCode)
    .where('terminal', '=', false)
    .where('deadline_at', '<', to);
  if (from) q = q.where('deadline_at', '>=', from);
  return q.orderBy('deadline_at').limit(limit).execute();
}

/** Open cases of a region past their deadline (the indexed overdue query). */
export function listOverdue(
  db: Kysely<Database>,
  regionCode: string,
  now: Date,
  limit = 100,
): Promise<CaseFileRow[]> {
  return openCasesByDeadline(db, regionCode, null, now, limit);
}

/** Open cases of a region whose deadline falls in [now, now + soonMs) (the indexed nearly-due query). */
export function listDueSoon(
  db: Kysely<Database>,
  regionCode: string,
  now: Date,
  soonMs: number,
  limit = 100,
): Promise<CaseFileRow[]> {
  return openCasesByDeadline(db, regionCode, now, new Date(now.getTime() + soonMs), limit);
}
