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
  listOpenTasksForRecompute,
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
  /** Cases and tasks that could not be recomputed, with why (the rest went on). */
  failed: { caseNumber: string; error: string }[];
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
  const run: RecomputeRun = { examined: 0, changed: [], tasksRescheduled: 0, failed: [] };
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
      const change = await recomputeOne(ctx, listed, stageTimers, calendar, now, opts).catch((e: Error) => {
        // One case that cannot be recomputed (e.g. its matter version is gone) never stops the others.
        run.failed.push({ caseNumber: listed.case_number, error: String(e.message).slice(0, 300) });
        return null;
      });
      if (change) run.changed.push(change);
    }
  }
  if (!opts.dryRun) run.tasksRescheduled = await rescheduleTasks(ctx, opts.year, run);
  return run;
}

async function recomputeOne(
  ctx: CommandContext,
  listed: CaseFileRow,
  stageTimers: Map<string, Date>,
  calendar: WorkingCalendar,
  now: Date,
  opts: { year: number; source: string },
): Promise<ClockChange | null> {
  return ctx.db.transaction().execute(async (trx) => {
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

/**
 * Reschedules the open follow-up tasks calendar year `year` can change — those marked 「预计」 and those due
 * in or after the year (a year loaded again with corrections) — page by page, each on its own.
 */
async function rescheduleTasks(ctx: CommandContext, year: number, run: RecomputeRun): Promise<number> {
  let moved = 0;
  let after = 0;
  const from = startOfShanghaiDay(`${String(year).padStart(4, '0')}-01-01`);
  while (true) {
    const tasks = await listOpenTasksForRecompute(ctx.db, from, after, 500);
    if (!tasks.length) break;
    after = tasks.at(-1)!.id;
    for (const task of tasks) {
      try {
        if (await rescheduleOne(ctx, task, year)) moved++;
      } catch (e) {
        run.failed.push({
          caseNumber: task.case_number,
          error: `task ${task.id}: ${String((e as Error).message).slice(0, 300)}`,
        });
      }
    }
  }
  return moved;
}

async function rescheduleOne(ctx: CommandContext, task: CaseTaskRow, year: number): Promise<boolean> {
  const row = await findCaseFile(ctx.db, task.case_number);
  if (!row) return false;
  const matter = matterOf(ctx, row.matter_code, row.matter_version);
  const limit = taskLimit(matter, task.kind);
  if (!limit) return false;
  const due = deadlineWithProvenance(task.opened_at, limit, ctx.calendar.current);
  const dueAt = deadlineInstant(due.deadline);
  if (dueAt.getTime() === task.due_at.getTime() && due.provisional === task.due_provisional) return false;
  await ctx.db.transaction().execute(async (trx) => {
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
  });
  return true;
}

/**
 * The background sweep, every few seconds: notices a year stored by another process (a CLI load, another
 * server) and recomputes the open clocks it changes; and finishes a recomputation a crash left undone (cases
 * and tasks still 「预计」 although their deadline lies before the first year still estimated). Never throws:
 * what failed is in the result, so the timers and deliveries that run after it always run.
 */
export async function recomputeSettledProvisionalClocks(deps: AppDeps): Promise<RecomputeRun | null> {
  try {
    const ctx: CommandContext = { ...deps, actor: SYSTEM, requestId: 'calendar-sweep' };
    const loaded = await deps.calendar.refreshIfChanged(deps.db);
    const cal = deps.calendar.current;
    const last = cal.coveredYears().at(-1);
    if (last === undefined) return null;
    const years = new Set(loaded);
    const firstEstimated = startOfShanghaiDay(`${cal.provisionalYears()[0] ?? last + 1}-01-01`);
    if (!years.size && (await hasStaleProvisional(deps.db, firstEstimated))) years.add(last);
    if (!years.size) return null;
    const run: RecomputeRun = { examined: 0, changed: [], tasksRescheduled: 0, failed: [] };
    for (const year of [...years].sort()) {
      const r = await recomputeClocks(ctx, { year, source: `已导入的 ${year} 年节假日安排` });
      run.examined += r.examined;
      run.changed.push(...r.changed);
      run.tasksRescheduled += r.tasksRescheduled;
      run.failed.push(...r.failed);
    }
    return run;
  } catch (e) {
    return {
      examined: 0,
      changed: [],
      tasksRescheduled: 0,
      failed: [{ caseNumber: '', error: String((e as Error).message) }],
    };
  }
}
