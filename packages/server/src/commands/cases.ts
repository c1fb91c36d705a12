/**
 * Case use cases: submit an application (shared materials fetched, not asked), act on a case (the engine
 * decides; the event, the case summary and the audit row are written in one transaction with optimistic
 * concurrency), view a case. Idempotent submission by Idempotency-Key.
 */

import { deadlineInstant, deadlineWithProvenance } from '@renshe/cases/clock/legal-clock.ts';
import {
  type CaseCommand,
  commitmentsOnFile,
  decide,
  grantedDecision,
} from '@renshe/cases/engine/case-engine.ts';
import type { CaseEvent, CaseRecord, MaterialEntry } from '@renshe/cases/engine/case-record.ts';
import { type CaseView, caseView } from '@renshe/cases/engine/case-view.ts';
import type { ActorRole } from '@renshe/cases/engine/roles.ts';
import type { Matter } from '@renshe/cases/matter/matter-schema.ts';
import {
  appendAudit,
  appendCaseEvent,
  type CaseClockTimerKind,
  type CaseFileRow,
  type CaseSummary,
  type Database,
  enqueueNotification,
  findAccountById,
  findCaseByIdempotencyKey,
  findCaseFile,
  insertCases,
  loadCaseRecord,
  openCaseTask,
  planCaseTimers,
  reserveCaseNumbers,
} from '@renshe/db';
import type { ResourceRef } from '@renshe/domain/access/authorize.ts';
import { authorize, authorizeOrThrow } from '@renshe/domain/access/authorize.ts';
import { shanghaiDate, startOfShanghaiDay } from '@renshe/domain/dates.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import { latestMatter } from '@renshe/matters';
import type { Kysely } from 'kysely';
import { actingAccount, auditEntry, type CommandContext } from '../context.ts';
import { enforceLimits, type RateLimit } from '../services/rate-limits.ts';
import { onSubCaseEvent } from './bundles.ts';
import { taskLimit } from './task-limits.ts';

/** The matter version a case runs on. */
export function matterOf(ctx: Pick<CommandContext, 'matters'>, code: string, version?: number): Matter {
  if (version === undefined) return latestMatter(ctx.matters.catalogue, code);
  const m = ctx.matters.catalogue.get(code)?.get(version);
  if (!m) throw new DomainError('MATTER_NOT_FOUND', `没有事项 ${code} 的第 ${version} 版`, { code, version });
  return m;
}

/** The case-number prefix of a region on the business day of `at`: 140100-20240902. */
export function caseNumberPrefix(regionCode: string, at: Date): string {
  return `${regionCode}-${shanghaiDate(at).replaceAll('-', '')}`;
}

/** The summary columns derived from the view. */
export function summaryOf(view: CaseView): CaseSummary {
  const c = view.clock;
  const running = c?.state === 'running' && c.deadline;
  return {
    state: view.state,
    terminal: view.terminal,
    clockState: c?.state ?? 'calendar_missing',
    deadlineAt: running ? deadlineInstant(c!.deadline!) : null,
    deadlineProvisional: running ? c!.provisionalYears.length > 0 : false,
    warnAt: null,
    closedOnTime: view.terminal ? (c?.stoppedOnTime ?? null) : null,
  };
}

/**
 * Re-plans the case's durable clock timers from its view (due at the end of the deadline day; a warning at
 * 80% of the way from the start, by calendar time; the end of the current stage's limit when the state
 * names an expiry action, e.g. 容缺 termination), opens the 告知承诺 verification task when a case with a
 * signed commitment closes with a granted result, and queues the applicant's SMS when the event issues a
 * notice or ends the case. Runs inside the event's transaction.
 */
export async function afterEvent(
  trx: Kysely<Database>,
  ctx: Pick<CommandContext, 'clock' | 'calendar'>,
  c: {
    caseNumber: string;
    regionCode: string;
    departmentCode: string;
    applicantPhone: string | null;
    matter: Matter;
    record: Pick<CaseRecord, 'events'>;
    event: CaseEvent;
    view: CaseView;
  },
): Promise<void> {
  const now = ctx.clock.now();
  const clock = c.view.clock;
  const timers: { kind: CaseClockTimerKind; fireAt: Date }[] = [];
  if (clock?.state === 'running' && clock.deadline && clock.startDate) {
    const due = deadlineInstant(clock.deadline);
    const start = startOfShanghaiDay(clock.startDate).getTime();
    const warn = new Date(start + (due.getTime() - start) * 0.8);
    // Only future timers: a deadline already passed was escalated when it passed (no repeat on every event).
    if (warn > now) timers.push({ kind: 'warn', fireAt: warn });
    if (due > now) timers.push({ kind: 'due', fireAt: due });
  }
  const stateDef = c.matter.workflow.states.find((s) => s.id === c.view.state);
  if (stateDef?.onStageLimit && c.view.stageClock?.deadline) {
    timers.push({ kind: 'stage', fireAt: deadlineInstant(c.view.stageClock.deadline) });
  }
  // A case's first event has nothing planned yet to replace.
  if (timers.length || c.event.seq > 1) await planCaseTimers(trx, c.caseNumber, c.regionCode, timers);
  const verifyWithin = taskLimit(c.matter, 'commitment_verification');
  if (
    c.view.terminal &&
    c.event.kind !== 'revoke' &&
    verifyWithin &&
    grantedDecision(c.record) &&
    commitmentsOnFile(c.record).length
  ) {
    const due = deadlineWithProvenance(c.event.at, verifyWithin, ctx.calendar.current);
    await openCaseTask(trx, {
      caseNumber: c.caseNumber,
      kind: 'commitment_verification',
      departmentCode: c.departmentCode,
      regionCode: c.regionCode,
      openedAt: c.event.at,
      dueAt: deadlineInstant(due.deadline),
      dueProvisional: due.provisional,
      ref: String(c.event.seq),
    });
  }
  const action = c.matter.workflow.actions.find((a) => a.id === c.event.action);
  if (c.applicantPhone && (action?.notice || c.view.terminal || c.event.kind === 'submit')) {
    await enqueueNotification(trx, {
      channel: 'sms',
      recipient: c.applicantPhone,
      body: `【人社一网通办】您的办件${c.caseNumber}（${c.matter.name}）${action?.label ?? c.event.action}，当前状态：${c.view.stateLabel}。可凭办件编号查询进度。`,
      ref: c.caseNumber,
      at: c.event.at,
    });
  }
}

/**
 * Appends an event decided by the engine to a stored case inside the caller's transaction: the event with
 * the new summary (optimistic: CASE_CONFLICT when someone acted first), the audit row, timers, tasks and
 * notifications. The one way every event after submission is written (staff, applicant, system).
 */
export async function commitEvent(
  trx: Kysely<Database>,
  ctx: CommandContext,
  row: Pick<CaseFileRow, 'case_number' | 'region_code' | 'department_code'>,
  record: CaseRecord,
  matter: Matter,
  event: CaseEvent,
): Promise<{ record: CaseRecord; view: CaseView }> {
  const next = { ...record, events: [...record.events, event] };
  const view = caseView(matter, next, ctx.calendar.current, event.at);
  if (!(await appendCaseEvent(trx, record.caseNumber, event, summaryOf(view))))
    throw new DomainError('CASE_CONFLICT', '办件已被他人处理，请刷新后再试', {
      caseNumber: record.caseNumber,
    });
  await appendAudit(
    trx,
    auditEntry(
      ctx,
      `case.${event.kind}`,
      { type: 'case', id: record.caseNumber, regionCode: record.regionCode },
      { action: event.action, to: event.to },
    ),
  );
  const applicant = await findAccountById(trx, record.applicantId);
  await afterEvent(trx, ctx, {
    caseNumber: record.caseNumber,
    regionCode: row.region_code,
    departmentCode: row.department_code,
    applicantPhone: applicant?.phone ?? null,
    matter,
    record: next,
    event,
    view,
  });
  await onSubCaseEvent(trx, ctx, record.caseNumber, view);
  return { record: next, view };
}

/** Words that name a handling sub-unit in both a matter's `department.unit` and a department's name. */
const UNIT_KEYWORDS = ['工伤', '失业', '监察', '鉴定', '养老', '医保', '助产', '疾病预防控制'];

/**
 * Which department handles a matter for an applicant region: the matter's agency in the applicant's city
 * (else province), preferring the sub-unit whose name shares a keyword with the matter's unit
 * (工伤保险 → 工伤保险科, 劳动保障监察 → 劳动保障监察支队), else the agency itself.
 */
export async function routeToDepartment(
  ctx: Pick<CommandContext, 'departments'>,
  matter: Pick<Matter, 'code' | 'name' | 'department'>,
  regionCode: string,
): Promise<{ code: string; regionCode: string }> {
  const city = `${regionCode.slice(0, 4)}00`;
  const province = `${regionCode.slice(0, 2)}0000`;
  const all = await ctx.departments.list();
  const unit = matter.department.unit ?? '';
  for (const region of [city, province]) {
    const candidates = all.filter((d) => d.agency === matter.department.agency && d.region_code === region);
    if (!candidates.length) continue;
    const sub = UNIT_KEYWORDS.filter((k) => unit.includes(k))
      .map((k) => candidates.find((d) => d.name.includes(k)))
      .find(Boolean);
    const head = candidates.find((d) => !candidates.some((p) => p.code === d.parent_code)) ?? candidates[0]!;
    const chosen = sub ?? head;
    return { code: chosen.code, regionCode: region };
  }
  throw new DomainError('DEPARTMENT_NOT_FOUND', `区划 ${regionCode} 没有办理「${matter.name}」的部门`, {
    regionCode,
    matter: matter.code,
  });
}

/** A department and its ancestors, top first (for `own_or_staff` authorisation). */
export async function departmentPath(
  ctx: Pick<CommandContext, 'departments'>,
  code: string,
): Promise<string[]> {
  const all = await ctx.departments.list();
  const path: string[] = [];
  for (let d = all.find((x) => x.code === code); d; d = all.find((x) => x.code === d!.parent_code))
    path.unshift(d.code);
  return path;
}

/** The case as an authorisation resource. */
export async function caseResource(
  ctx: Pick<CommandContext, 'db' | 'departments'>,
  caseNumber: string,
): Promise<ResourceRef & { row: CaseFileRow; concealAs: DomainError }> {
  const notFound = new DomainError('CASE_NOT_FOUND', `没有这个办件：${caseNumber.slice(0, 40)}`, {
    caseNumber: caseNumber.slice(0, 40),
  });
  const row = /^[0-9A-Za-z-]{6,40}$/.test(caseNumber) ? await findCaseFile(ctx.db, caseNumber) : undefined;
  if (!row) throw notFound;
  return {
    concealAs: notFound,
    type: 'case',
    id: row.case_number,
    ownerId: row.applicant_id,
    departmentPath: await departmentPath(ctx, row.department_code),
    regionCode: row.region_code,
    row,
  };
}

/** Input of a submission. */
export interface SubmitInput {
  matter: string;
  /** Materials the applicant uploads (ids); shared ones are fetched. */
  materials: string[];
  /** Materials replaced by a signed commitment (告知承诺) or deferred (容缺). */
  commitments?: string[];
  deferred?: string[];
  /** 告知承诺: the applicant's signature under the matter's commitment text. */
  commitment?: { signedBy: string };
  regionCode?: string;
  data?: Record<string, unknown>;
  idempotencyKey?: string;
}

/**
 * New cases one applicant may submit per hour (example values, set locally): a person files a handful of
 * applications in a year; an employer files for its staff (work-injury claims, insurance changes), so more.
 * Past the limit: 429 SUBMISSION_THROTTLED with Retry-After. Bundles (一件事) have no such limit: one bundle
 * per birth record already bounds them (bundles.ts).
 */
export const SUBMISSION_LIMITS: Readonly<Record<'citizen' | 'employer', RateLimit>> = Object.freeze({
  citizen: { limit: 20, windowMinutes: 60 },
  employer: { limit: 200, windowMinutes: 60 },
});

/** Submits an application; returns the case number and its view (the existing case for a repeated key). */
export async function submitCase(
  ctx: CommandContext,
  input: SubmitInput,
): Promise<{ caseNumber: string; created: boolean }> {
  authorizeOrThrow(ctx.actor, 'case.create', { type: 'case' }); // citizens and employers only
  const account = await actingAccount(ctx, ctx.db);
  if (!account) throw new DomainError('UNAUTHENTICATED', '请先登录', {});
  const applicant = { ...account, kind: account.kind as 'citizen' | 'employer' };
  if (input.idempotencyKey) {
    const existing = await findCaseByIdempotencyKey(ctx.db, applicant.id, input.idempotencyKey);
    if (existing) return { caseNumber: existing.case_number, created: false };
  }
  // After the idempotency lookup: a retry answered with its existing case is not a new case and does not
  // count (two retries racing before either is stored may each count once).
  await enforceLimits(ctx, 'SUBMISSION', [
    { key: `submission:${applicant.id}`, rule: SUBMISSION_LIMITS[applicant.kind] },
  ]);
  const matter = matterOf(ctx, input.matter);
  if (matter.bundleOnly) {
    throw new DomainError(
      'MATTER_BUNDLE_ONLY',
      `「${matter.name}」在联办（一件事）中申请，或到部门窗口单独办理`,
      {
        matter: matter.code,
      },
    );
  }
  if (!matter.applicantKinds.includes(applicant.kind)) {
    throw new DomainError(
      'CASE_APPLICANT_NOT_ALLOWED',
      `「${matter.name}」不受理${applicant.kind === 'citizen' ? '个人' : '单位'}申请`,
      {},
    );
  }
  const regionCode = input.regionCode ?? applicant.region_code;
  if (!regionCode) throw new DomainError('REGION_REQUIRED', '请选择办理区划', { field: 'regionCode' });
  const dept = await routeToDepartment(ctx, matter, regionCode);
  const materials: MaterialEntry[] = [];
  const subject = {
    accountId: applicant.id,
    kind: applicant.kind,
    identifier: applicant.login_name,
    regionCode,
    homeRegionCode: applicant.region_code,
  };
  for (const m of matter.materials) {
    if (m.source === 'shared' || m.source === 'e_licence') {
      const hit = m.sourceRef ? await ctx.sharedData.fetch(m.sourceRef, subject) : null;
      if (hit) materials.push({ id: m.id, via: 'shared', evidence: hit.evidence });
    }
  }
  for (const id of input.materials)
    if (!materials.some((m) => m.id === id)) materials.push({ id, via: 'applicant' });
  // What shared data already proves needs no commitment and no deferral.
  const fetched = new Set(materials.filter((m) => m.via === 'shared').map((m) => m.id));
  for (const id of input.commitments ?? []) if (!fetched.has(id)) materials.push({ id, via: 'commitment' });
  for (const id of input.deferred ?? []) if (!fetched.has(id)) materials.push({ id, via: 'deferred' });
  const submit = matter.workflow.actions.find((a) => a.kind === 'submit')!;
  const now = ctx.clock.now();
  const first = decide(
    matter,
    { events: [] },
    {
      action: submit.id,
      actor: { id: applicant.id, role: 'applicant', name: applicant.display_name },
      at: now,
      materials,
      ...(input.commitment ? { commitment: input.commitment } : {}),
      ...(input.data ? { data: input.data } : {}),
    },
  );
  const view = caseView(matter, { events: [first] }, ctx.calendar.current, now);
  const [caseNumber] = await reserveCaseNumbers(ctx.db, caseNumberPrefix(dept.regionCode, now));
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      await insertCases(trx, [
        {
          caseNumber: caseNumber!,
          matter: { code: matter.code, version: matter.version },
          applicantId: applicant.id,
          regionCode,
          departmentCode: dept.code,
          first,
          summary: summaryOf(view),
          idempotencyKey: input.idempotencyKey ?? null,
          now,
        },
      ]);
      await afterEvent(trx, ctx, {
        caseNumber: caseNumber!,
        regionCode,
        departmentCode: dept.code,
        applicantPhone: applicant.phone,
        matter,
        record: { events: [first] },
        event: first,
        view,
      });
      // The audit row last: its chain head stays locked only until the commit that follows.
      await appendAudit(
        trx,
        auditEntry(
          ctx,
          'case.create',
          { type: 'case', id: caseNumber!, regionCode },
          { matter: matter.code, version: matter.version },
        ),
      );
      return { caseNumber: caseNumber!, created: true };
    });
  } catch (e) {
    // A concurrent retry with the same key won the race: return its case.
    if (input.idempotencyKey && /duplicate key|unique/i.test(String((e as Error).message))) {
      const existing = await findCaseByIdempotencyKey(ctx.db, applicant.id, input.idempotencyKey);
      if (existing) return { caseNumber: existing.case_number, created: false };
    }
    throw e;
  }
}

/** The engine role an actor takes for an action on a case. */
export function roleFor(
  ctx: CommandContext,
  record: CaseRecord,
  matter: Matter,
  actionId: string,
): ActorRole {
  if (ctx.actor.id === record.applicantId) return 'applicant';
  if (ctx.actor.kind === 'system') return 'system';
  const step = matter.workflow.actions.find((a) => a.id === actionId);
  if (!step)
    throw new DomainError('CASE_ACTION_UNKNOWN', `事项「${matter.name}」没有动作 ${actionId}`, {
      action: actionId,
    });
  const allowed = step.roles;
  const mine = ctx.actor.roles.filter((r): r is ActorRole => (allowed as readonly string[]).includes(r));
  if (mine[0]) return mine[0];
  // No fallback: an account acts only through a role it holds that the step names (decided by authorize).
  const d = authorize(ctx.actor, 'case.act', {
    type: 'case',
    id: record.caseNumber,
    anyOfRoles: allowed.filter((r) => r !== 'applicant' && r !== 'system'),
  });
  throw new DomainError('FORBIDDEN', d.allowed ? `此步骤须由以下角色办理：${allowed.join('、')}` : d.reason, {
    action: 'case.act',
    step: actionId,
  });
}

/** The actor recorded on an event: id, engine role, name and unit (as the progress timeline shows them). */
export async function eventActor(
  ctx: CommandContext,
  db: Kysely<Database>,
  record: CaseRecord,
  matter: Matter,
  actionId: string,
): Promise<CaseCommand['actor']> {
  const account = await actingAccount(ctx, db);
  const unit = account?.department_code
    ? (await ctx.departments.list()).find((d) => d.code === account.department_code)?.name
    : undefined;
  return {
    id: ctx.actor.id ?? 'system',
    role: roleFor(ctx, record, matter, actionId),
    ...(account ? { name: account.display_name } : {}),
    ...(unit ? { unit } : {}),
  };
}

/** Takes an action on a case; returns the new view. CASE_CONFLICT when someone acted first. */
export async function actOnCase(
  ctx: CommandContext,
  row: CaseFileRow,
  input: Omit<CaseCommand, 'actor' | 'at'> & { expectedSeq?: number },
): Promise<{ record: CaseRecord; view: CaseView; event: CaseEvent }> {
  const record = await loadCaseRecord(ctx.db, row);
  if (input.expectedSeq !== undefined && input.expectedSeq !== record.events.length) {
    throw new DomainError('CASE_CONFLICT', '办件已被他人处理，请刷新后再试', {
      expectedSeq: input.expectedSeq,
      actual: record.events.length,
    });
  }
  const matter = matterOf(ctx, record.matter.code, record.matter.version);
  const { expectedSeq: _e, ...cmd } = input;
  const event = decide(matter, record, {
    ...cmd,
    actor: await eventActor(ctx, ctx.db, record, matter, input.action),
    at: ctx.clock.now(),
  });
  const { record: next, view } = await ctx.db
    .transaction()
    .execute((trx) => commitEvent(trx, { ...ctx, db: trx }, row, record, matter, event));
  return { record: next, view, event };
}

/** Reads a case (audited: a case holds a person's data). */
export async function readCase(
  ctx: CommandContext,
  row: CaseFileRow,
): Promise<{ record: CaseRecord; view: CaseView; matter: Matter }> {
  const record = await loadCaseRecord(ctx.db, row);
  const matter = matterOf(ctx, record.matter.code, record.matter.version);
  await ctx.db
    .transaction()
    .execute((trx) =>
      appendAudit(
        trx,
        auditEntry(ctx, 'case.read', { type: 'case', id: record.caseNumber, regionCode: record.regionCode }),
      ),
    );
  return { record, view: caseView(matter, record, ctx.calendar.current, ctx.clock.now()), matter };
}
