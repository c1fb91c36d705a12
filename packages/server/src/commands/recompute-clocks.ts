/**
 * 工作日历更新后重算时限: when a year's holiday notice is loaded (or corrected), every open case whose clock
 * used that year — a 「预计」 deadline, a clock that could not be computed, a deadline or timer in or after the
 * year — is re-evaluated with the new calendar. A case whose deadline (or its 「预计」 mark, or its stage
 * deadline) changes gets a system event on its timeline saying from what to what and why; its summary and
 * timers move with it (through `commitEvent`, as for any event). Open follow-up tasks with a 「预计」 due date are
 * rescheduled and audited.
 *
 * Idempotent: a case already recomputed shows no change and gets no second event, so a run interrupted
 * half-way is finished by running it again (the background workers do, every few seconds, for cases still
 * marked 「预计」 over a year that is now loaded).
 */
import { deadlineInstant, deadlineWithProvenance } from '@renshe/cases/clock/legal-clock.ts';
import type { CaseEvent, CaseRecord } from '@renshe/cases/engine/case-record.ts';
import { caseView } from '@renshe/cases/engine/case-view.ts';
import type { Matter } from '@renshe/cases/matter/matter-schema.ts';
import {
  appendAudit,
  type CaseFileRow,
  type CaseTaskRow,
  findCaseFile,
  hasStaleProvisional,
  listOpenCasesForRecompute,
  listProvisionalTasks,
  listUnfiredCaseTimers,
  loadCaseRecord,
  rescheduleTask,
} from '@renshe/db';
import { SYSTEM } from '@renshe/domain/access/actor.ts';
import type { WorkingCalendar } from '@renshe/domain/calendar/working-calendar.ts';
import { addDays, type BusinessDate, shanghaiDate, startOfShanghaiDay } from '@renshe/domain/dates.ts';
import { isDomainError } from '@renshe/domain/errors.ts';
import { type AppDeps, auditEntry, type CommandContext } from '../context.ts';
import { commitEvent, matterOf, summaryOf } from './cases.ts';
import { taskLimit } from './task-limits.ts';

/** A deadline as shown: the day and whether it is 「预计」; null when not running or not computable. */
export interface DeadlineShown {
  deadline: BusinessDate | null;
  provisional: boolean;
}

/** What a recomputation changed on one case. */
export interface ClockChange {
  caseNumber: string;
  matter: string;
  /** The statutory deadline before and after. */
  before: DeadlineShown;
  after: DeadlineShown;
  /** The current stage's limit (e.g. 容缺 materials), when it moved. */
  stage?: { before: BusinessDate | null; after: BusinessDate | null };
}

/** What a run did. */
export interface RecomputeRun {
  /** Open cases looked at. */
  examined: number;
  /** Cases whose clock changed (an event was appended, or would be in a dry run). */
  changed: ClockChange[];
  /** Follow-up tasks whose due date moved. */
  tasksRescheduled: number;
}

const DAY = (d: Date | null): BusinessDate | null => (d ? addDays(shanghaiDate(d), -1) : null);

/**
 * The change `calendar` makes to a stored case's clock, or null when nothing shown moves. "Before" is what
 * the case row and its unfired stage timer say now, so the same function finishes an interrupted run.
 */
function changeOf(
  row: CaseFileRow,
  stageTimerAt: Date | null,
  record: CaseRecord,
  matter: Matter,
  calendar: WorkingCalendar,
  now: Date,
): { change: ClockChange; view: ReturnType<typeof caseView> } | null {
  const view = caseView(matter, record, calendar, now);
  const summary = summaryOf(view);
  const before: DeadlineShown = {
    deadline: row.clock_state === 'running' ? DAY(row.deadline_at) : null,
    provisional: row.deadline_provisional,
  };
  const after: DeadlineShown = {
    deadline: summary.deadlineAt ? DAY(summary.deadlineAt) : null,
    provisional: summary.deadlineProvisional,
  };
  const expires = matter.workflow.states.find((s) => s.id === view.state)?.onStageLimit;
  const stageAfter = expires && view.stageClock?.deadline ? view.stageClock.deadline : null;
  const stageBefore = expires ? DAY(stageTimerAt) : null;
  const stageMoved = stageAfter !== stageBefore;
  const moved =
    before.deadline !== after.deadline ||
    before.provisional !== after.provisional ||
    row.clock_state !== summary.clockState ||
    stageMoved;
  if (!moved) return null;
  return {
    view,
    change: {
      caseNumber: row.case_number,
      matter: matter.name,
      before,
      after,
      ...(stageMoved ? { stage: { before: stageBefore, after: stageAfter } } : {}),
    },
  };
}

/**
 * Recomputes the open clocks that calendar year `year` can change, with `ctx.calendar.current` (already
 * including the year). With `dryRun` and a `calendar`, reports what would change under that calendar and
 * writes nothing (the preview an administrator sees before loading). Each case is written in its own
 * transaction; a case someone acts on at the same moment is skipped (its own event re-evaluates the clock).
 */
export async function recomputeClocks(
  ctx: CommandContext,
  opts: { year: number; source: string; dryRun?: { calendar: WorkingCalendar }; pageSize?: number },
): Promise<RecomputeRun> {
  const calendar = opts.dryRun?.calendar ?? ctx.calendar.current;
  const from = startOfShanghaiDay(`${String(opts.year).padStart(4, '0')}-01-01`);
  const pageSize = opts.pageSize ?? 200;
  const run: RecomputeRun = { examined: 0, changed: [], tasksRescheduled: 0 };
  let after = '';
  while (true) {
    const rows = await listOpenCasesForRecompute(ctx.db, from, after, pageSize);
    if (!rows.length) break;
    after = rows.at(-1)!.case_number;
    const stageTimers = await listUnfiredCaseTimers(
      ctx.db,
      rows.map((r) => r.case_number),
      'stage',
    );
    for (const listed of rows) {
      run.examined++;
      const now = ctx.clock.now();
      if (opts.dryRun) {
        const record = await loadCaseRecord(ctx.db, listed);
        const matter = matterOf(ctx, record.matter.code, record.matter.version);
        const c = changeOf(
          listed,
          stageTimers.get(listed.case_number) ?? null,
          record,
          matter,
          calendar,
          now,
        );
        if (c) run.changed.push(c.change);
        continue;
      }
      const change = await ctx.db.transaction().execute(async (trx) => {
        const row = await findCaseFile(trx, listed.case_number);
        if (!row || row.terminal) return null;
        const record = await loadCaseRecord(trx, row);
        const matter = matterOf(ctx, record.matter.code, record.matter.version);
        const c = changeOf(row, stageTimers.get(row.case_number) ?? null, record, matter, calendar, now);
        if (!c) return null;
        const state = record.events.at(-1)!.to;
        const event: CaseEvent = {
          seq: record.events.length + 1,
          at: now,
          actor: { id: 'system', role: 'system', name: '系统（工作日历更新）' },
          action: 'calendar_recompute',
          kind: 'calendar_recompute',
          from: state,
          to: state,
          opinion: describeChange(c.change, opts.year, opts.source),
          data: { year: opts.year, source: opts.source, ...c.change },
        };
        const system: CommandContext = { ...ctx, db: trx, actor: SYSTEM };
        try {
          await commitEvent(trx, system, row, record, matter, event);
        } catch (e) {
          if (isDomainError(e, 'CASE_CONFLICT')) return null;
          throw e;
        }
        return c.change;
      });
      if (change) run.changed.push(change);
    }
  }
  if (!opts.dryRun) run.tasksRescheduled = await rescheduleProvisionalTasks(ctx, opts.year);
  return run;
}

/** The Chinese sentence recorded on the case: what moved, from what to what, and on which notice. */
export function describeChange(c: ClockChange, year: number, source: string): string {
  const shown = (d: DeadlineShown) =>
    d.deadline ? `${d.deadline}${d.provisional ? '（预计）' : ''}` : '暂无法计算';
  const parts: string[] = [];
  if (c.before.deadline !== c.after.deadline || c.before.provisional !== c.after.provisional) {
    parts.push(
      c.before.deadline === c.after.deadline && c.after.deadline
        ? `法定办结期限 ${c.after.deadline} 已确认（原为预计）`
        : `法定办结期限由 ${shown(c.before)} 调整为 ${shown(c.after)}`,
    );
  }
  if (c.stage) parts.push(`环节期限由 ${c.stage.before ?? '—'} 调整为 ${c.stage.after ?? '—'}`);
  return `已导入 ${year} 年节假日安排（${source}），重新计算办理时限：${parts.join('；') || '时限状态更新'}。`;
}

/** Reschedules open tasks whose 「预计」 due date can now be computed from loaded years. */
async function rescheduleProvisionalTasks(ctx: CommandContext, year: number): Promise<number> {
  let moved = 0;
  await ctx.db.transaction().execute(async (trx) => {
    for (const task of await listProvisionalTasks(trx, 1000)) {
      const row = await findCaseFile(trx, task.case_number);
      if (!row) continue;
      const matter = matterOf(ctx, row.matter_code, row.matter_version);
      const limit = taskLimit(matter, task.kind);
      if (!limit) continue;
      const due = deadlineWithProvenance(task.opened_at, limit, ctx.calendar.current);
      const dueAt = deadlineInstant(due.deadline);
      if (dueAt.getTime() === task.due_at.getTime() && due.provisional === task.due_provisional) continue;
      await rescheduleTask(trx, task.id, dueAt, due.provisional);
      await appendAudit(
        trx,
        auditEntry(
          { ...ctx, actor: SYSTEM },
          'task.reschedule',
          { type: 'case', id: task.case_number, regionCode: row.region_code },
          {
            task: task.id,
            kind: task.kind satisfies CaseTaskRow['kind'],
            year,
            before: DAY(task.due_at),
            after: due.deadline,
            provisional: due.provisional,
          },
        ),
      );
      moved++;
    }
  });
  return moved;
}

/** The background sweep: finishes any recomputation left undone (a year loaded by another process or a crash). */
export async function recomputeSettledProvisionalClocks(deps: AppDeps): Promise<RecomputeRun | null> {
  const cal = deps.calendar.current;
  const last = cal.coveredYears().at(-1);
  if (last === undefined) return null;
  // A 「预计」 deadline before the first estimated year can only have used years loaded since: stale.
  const firstEstimated = startOfShanghaiDay(`${cal.provisionalYears()[0] ?? last + 1}-01-01`);
  if (!(await hasStaleProvisional(deps.db, firstEstimated))) return null;
  const ctx: CommandContext = { ...deps, actor: SYSTEM, requestId: 'calendar-sweep' };
  return recomputeClocks(ctx, { year: last, source: `已导入的 ${last} 年节假日安排` });
}
