/**
 * Fires durable case timers: at the warning share of the limit the handling department is notified; when
 * the statutory limit passes, the system appends an escalation (督办) event to the case and notifies the
 * department. Runs every few seconds from the server (not a daily sweep). Each region is processed on its
 * own (a failure in one region is recorded and does not stop the others); each timer is claimed with
 * SKIP LOCKED and marked fired in the same transaction as its effect, so a retry never doubles it.
 */
import type { CaseEvent } from '@renshe/cases/engine/case-record.ts';
import { caseView } from '@renshe/cases/engine/case-view.ts';
import {
  appendAudit,
  appendCaseEvent,
  claimDueTimers,
  enqueueNotification,
  findCaseFile,
  loadCaseRecord,
  markTimerFailed,
  markTimerFired,
  regionsWithDueTimers,
} from '@renshe/db';
import { SYSTEM } from '@renshe/domain/access/actor.ts';
import { matterOf, summaryOf } from '../commands/cases.ts';
import { type AppDeps, auditEntry } from '../context.ts';

/** Outcome of one run. */
export interface TimerRun {
  fired: number;
  escalated: number;
  failedRegions: { region: string; error: string }[];
}

/** Fires every due timer, region by region. */
export async function runDueTimers(deps: AppDeps, limitPerRegion = 200): Promise<TimerRun> {
  const now = deps.clock.now();
  const run: TimerRun = { fired: 0, escalated: 0, failedRegions: [] };
  for (const region of await regionsWithDueTimers(deps.db, now)) {
    try {
      await deps.db.transaction().execute(async (trx) => {
        for (const timer of await claimDueTimers(trx, region, now, limitPerRegion)) {
          const row = await findCaseFile(trx, timer.case_number);
          if (!row || row.terminal) {
            await markTimerFired(trx, timer.id, now);
            continue;
          }
          const record = await loadCaseRecord(trx, row);
          const matter = matterOf(deps, record.matter.code, record.matter.version);
          const view = caseView(matter, record, deps.calendar.current, now);
          const ctx = { ...deps, db: trx, actor: SYSTEM, requestId: `timer-${timer.id}` };
          if (timer.kind === 'due' && view.clock?.overdue) {
            const state = record.events.at(-1)!.to;
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
            const next = caseView(matter, { events: [...record.events, event] }, deps.calendar.current, now);
            if (!(await appendCaseEvent(trx, row.case_number, event, summaryOf(next))))
              throw new Error(`case ${row.case_number} changed while escalating`);
            await appendAudit(
              trx,
              auditEntry(
                ctx,
                'case.escalate',
                { type: 'case', id: row.case_number, regionCode: row.region_code },
                { deadline: view.clock.deadline },
              ),
            );
            run.escalated++;
          }
          if (timer.kind === 'warn' || view.clock?.overdue) {
            await enqueueNotification(trx, {
              channel: 'sms',
              recipient: `dept:${row.department_code}`,
              body: `【人社一网通办】办件${row.case_number}（${matter.name}）${timer.kind === 'warn' ? '临近' : '已超过'}法定办结时限（${view.clock?.deadline ?? '—'}），请及时办理。`,
              ref: row.case_number,
              at: now,
            });
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
