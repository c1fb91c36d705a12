/**
 * Closing follow-up tasks (跟进任务) of a case: the 差评整改回访 and the 告知承诺事后核查. A verification that
 * finds the commitment false takes the matter's revocation action (撤销, with its 撤销决定书) in the same
 * transaction as the task's closure, so a case is never left "found false but not revoked".
 */

import { decide } from '@renshe/cases/engine/case-engine.ts';
import {
  appendAudit,
  type CaseFileRow,
  type CaseTaskRow,
  closeCaseTask,
  findOpenTask,
  loadCaseRecord,
} from '@renshe/db';
import { authorizeOrThrow } from '@renshe/domain/access/authorize.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import { auditEntry, type CommandContext } from '../context.ts';
import { caseResource, commitEvent, eventActor, matterOf } from './cases.ts';

/** Task outcomes a staff member may record, by kind. */
export const TASK_OUTCOMES = {
  rating_follow_up: ['rectified'],
  commitment_verification: ['confirmed', 'false_commitment'],
} as const satisfies Record<CaseTaskRow['kind'], readonly string[]>;

/** Closes the open task of `kind` on a case; `onTime` tells whether it met its deadline. */
export async function closeTask(
  ctx: CommandContext,
  row: CaseFileRow,
  kind: CaseTaskRow['kind'],
  input: { outcome: string; note: string },
): Promise<{ onTime: boolean; revoked: boolean }> {
  authorizeOrThrow(ctx.actor, 'case.follow_up', await caseResource(ctx, row.case_number));
  if (!(TASK_OUTCOMES[kind] as readonly string[]).includes(input.outcome)) {
    throw new DomainError('TASK_OUTCOME_INVALID', `结果应为：${TASK_OUTCOMES[kind].join('、')}`, {
      field: 'outcome',
    });
  }
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const task = await findOpenTask(trx, row.case_number, kind);
    if (!task)
      throw new DomainError(
        'TASK_NOT_FOUND',
        kind === 'rating_follow_up' ? '没有待整改的差评' : '没有待核查的告知承诺',
        { kind },
      );
    await closeCaseTask(trx, task.id, {
      at: now,
      by: ctx.actor.id ?? 'system',
      outcome: input.outcome,
      note: input.note,
    });
    await appendAudit(
      trx,
      auditEntry(
        ctx,
        `case.task.${kind}`,
        { type: 'case', id: row.case_number, regionCode: row.region_code },
        { outcome: input.outcome },
      ),
    );
    let revoked = false;
    if (input.outcome === 'false_commitment') {
      const record = await loadCaseRecord(trx, row);
      const matter = matterOf(ctx, record.matter.code, record.matter.version);
      const revoke = matter.workflow.actions.find((a) => a.kind === 'revoke');
      if (!revoke) throw new DomainError('REVOKE_NOT_DEFINED', `事项「${matter.name}」未规定撤销动作`, {});
      const event = decide(matter, record, {
        action: revoke.id,
        actor: await eventActor(ctx, trx, record, matter, revoke.id),
        at: now,
        opinion: input.note,
        data: { verificationTask: task.id },
      });
      await commitEvent(trx, { ...ctx, db: trx }, row, record, matter, event);
      revoked = true;
    }
    return { onTime: now < task.due_at, revoked };
  });
}
