/**
 * 好差评 (国办发〔2019〕51号; GB/T 39735): after a case is closed the applicant rates it once per channel,
 * 1 非常不满意 … 5 非常满意. A 差评 (不满意 or 非常不满意) opens a follow-up task (核实整改) for the handling
 * department with its own deadline (the matter's `ratingFollowUp` limit, counted like every other limit).
 */

import { deadlineInstant, deadlineWithProvenance } from '@renshe/cases/clock/legal-clock.ts';
import { appendAudit, type CaseFileRow, enqueueNotification, openCaseTask } from '@renshe/db';
import { authorizeOrThrow } from '@renshe/domain/access/authorize.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import { auditEntry, type CommandContext } from '../context.ts';
import { matterOf } from './cases.ts';
import { taskLimit } from './task-limits.ts';

/** The five levels. */
export const RATING_LABELS = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
} as const;

/** Rates a closed case; returns the follow-up deadline when the rating is bad. */
export async function rateCase(
  ctx: CommandContext,
  row: CaseFileRow,
  input: { score: 1 | 2 | 3 | 4 | 5; comment?: string; channel: 'online' | 'window' },
): Promise<{ followUpDue: string | null }> {
  authorizeOrThrow(ctx.actor, 'case.rate', { type: 'case', id: row.case_number, ownerId: row.applicant_id });
  if (!row.terminal) throw new DomainError('RATING_TOO_EARLY', '办结后才能评价', { state: row.state });
  const matter = matterOf(ctx, row.matter_code, row.matter_version);
  const now = ctx.clock.now();
  const followUp =
    input.score <= 2
      ? deadlineWithProvenance(now, taskLimit(matter, 'rating_follow_up')!, ctx.calendar.current)
      : null;
  const due = followUp?.deadline ?? null;
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('case_rating')
      .values({
        case_number: row.case_number,
        channel: input.channel,
        score: input.score,
        comment: input.comment ?? null,
        rated_at: now,
      })
      .onConflict((oc) => oc.columns(['case_number', 'channel']).doNothing())
      .returning('case_number')
      .executeTakeFirst();
    if (!inserted)
      throw new DomainError('RATING_EXISTS', '该办件已评价（一事一评）', { channel: input.channel });
    await appendAudit(
      trx,
      auditEntry(
        ctx,
        'case.rate',
        { type: 'case', id: row.case_number, regionCode: row.region_code },
        { score: input.score },
      ),
    );
    if (due) {
      await openCaseTask(trx, {
        caseNumber: row.case_number,
        kind: 'rating_follow_up',
        departmentCode: row.department_code,
        regionCode: row.region_code,
        openedAt: now,
        dueAt: deadlineInstant(due),
        dueProvisional: followUp!.provisional,
        ref: input.channel,
      });
      await enqueueNotification(trx, {
        channel: 'sms',
        recipient: `dept:${row.department_code}`,
        body: `【人社一网通办】办件${row.case_number}（${matter.name}）收到差评（${RATING_LABELS[input.score]}），请于${due}前核实整改并回访。`,
        ref: row.case_number,
        at: now,
      });
    }
  });
  return { followUpDue: due };
}
