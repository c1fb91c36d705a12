/**
 * Fires durable case timers: at the warning share of the limit the handling department is notified; when
 * the statutory limit passes, the system appends an escalation (督办) event to the case and notifies the
 * department; when a state's own limit passes and the state names an expiry action (容缺 materials still
 * missing → 终止办理), the system takes that action; a follow-up task past its deadline reminds the department. Runs every few seconds from the server (not a daily sweep). Each region is processed on its
 * own (a failure in one region is recorded and does not stop the others); each timer is claimed with
 * SKIP LOCKED and marked fired in the same transaction as its effect, so a retry never doubles it.
 */

import { decide } from '@renshe/cases/engine/case-engine.ts';
import type { CaseEvent } from '@renshe/cases/engine/case-record.ts';
import { caseView } from '@renshe/cases/engine/case-view.ts';
import {
  claimDueTimers,
  enqueueNotification,
  findCaseFile,
  findTask,
  loadCaseRecord,
  markTimerFailed,
  markTimerFired,
  regionsWithDueTimers,
} from '@renshe/db';
import { SYSTEM } from '@renshe/domain/access/actor.ts';
import { auditPartition } from '@renshe/domain/audit/audit-chain.ts';
import { commitEvent, matterOf } from '../commands/cases.ts';
import type { AppDeps, CommandContext } from '../context.ts';

/** Outcome of one run. */
export interface TimerRun {
  fired: number;
  escalated: number;
  /** Cases whose state limit passed and on which the system took the state's expiry action (容缺 termination). */
  expired: number;
  /** Follow-up tasks found past their deadline (department reminded). */
  tasksOverdue: number;
  failedRegions: { region: string; error: string }[];
}

/** Fires every due timer, region by region. */
export async function runDueTimers(deps: AppDeps, limitPerRegion = 200): Promise<TimerRun> {
  const now = deps.clock.now();
  const run: TimerRun = { fired: 0, escalated: 0, expired: 0, tasksOverdue: 0, failedRegions: [] };
  for (const region of await regionsWithDueTimers(deps.db, now)) {
    try {
      await deps.db.transaction().execute(async (trx) => {
        // In audit-chain order: each case event appends to its case's chain, and a transaction that takes
        // chain heads in sorted order never waits in a cycle with another (a group of bundle submissions
        // locks its heads sorted too).
        const due = await claimDueTimers(trx, region, now, limitPerRegion);
        const chainOf = (t: (typeof due)[number]) => auditPartition(region, 'case', t.case_number);
        due.sort((a, b) => (chainOf(a) < chainOf(b) ? -1 : chainOf(a) > chainOf(b) ? 1 : a.id - b.id));
        for (const timer of due) {
          const ctx: CommandContext = { ...deps, db: trx, actor: SYSTEM, requestId: `timer-${timer.id}` };
          const row = await findCaseFile(trx, timer.case_number);
          if (timer.kind === 'task') {
            // A follow-up task past its deadline (the case itself is usually closed): remind the department.
            const task = timer.task_id ? await findTask(trx, timer.task_id) : undefined;
            if (row && task && !task.closed_at) {
              await enqueueNotification(trx, {
                channel: 'sms',
                recipient: `dept:${task.department_code}`,
                body: `【人社一网通办】办件${row.case_number}的${task.kind === 'rating_follow_up' ? '差评整改回访' : '告知承诺事后核查'}已超过期限，请及时办理。`,
                ref: row.case_number,
                at: now,
              });
              run.tasksOverdue++;
            }
          } else if (row && !row.terminal) {
            const record = await loadCaseRecord(trx, row);
            const matter = matterOf(deps, record.matter.code, record.matter.version);
            const view = caseView(matter, record, deps.calendar.current, now);
            const state = record.events.at(-1)!.to;
            if (timer.kind === 'stage') {
              // The state's own limit passed (e.g. 容缺 materials not handed in): the system takes its expiry action.
              const expiry = matter.workflow.states.find((s) => s.id === state)?.onStageLimit;
              if (expiry && view.stageClock?.overdue) {
                const event = decide(matter, record, {
                  action: expiry.action,
                  actor: { id: 'system', role: 'system', name: '系统（环节时限届满）' },
                  at: now,
                  opinion: expiry.opinion,
                  data: { stageDeadline: view.stageClock.deadline },
                });
                await commitEvent(trx, ctx, row, record, matter, event);
                run.expired++;
              }
            }
            if (timer.kind === 'due' && view.clock?.overdue) {
              const event: CaseEvent = {
                seq: record.events.length + 1,
                at: now,
                actor: { id: 'system', role: 'system', name: '系统督办' },
                action: 'system_escalate',
                kind: 'escalate',
                from: state,
                to: state,
                data: { deadline: view.clock.deadline, limit: matter.timeLimits.statutory },
              };
              await commitEvent(trx, ctx, row, record, matter, event);
              run.escalated++;
            }
            if (timer.kind === 'warn' || (timer.kind === 'due' && view.clock?.overdue)) {
              await enqueueNotification(trx, {
                channel: 'sms',
                recipient: `dept:${row.department_code}`,
                body: `【人社一网通办】办件${row.case_number}（${matter.name}）${timer.kind === 'warn' ? '临近' : '已超过'}法定办结时限（${view.clock?.deadline ?? '—'}），请及时办理。`,
                ref: row.case_number,
                at: now,
              });
            }
          }
          await markTimerFired(trx, timer.id, now);
          run.fired++;
        }
      });
    } catch (e) {
      run.failedRegions.push({ region, error: String((e as Error).message) });
      // Record the failure on the region's due timers (outside the rolled-back transaction) and go on.
      for (const t of await claimDueTimers(deps.db, region, now, limitPerRegion))
        await markTimerFailed(deps.db, t.id, String((e as Error).message));
    }
  }
  return run;
}
