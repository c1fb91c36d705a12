/**
 * 好差评 (国办发〔2019〕51号; GB/T 39735): after a case is closed the applicant rates it once per channel,
 * 1 非常不满意 … 5 非常满意. A 差评 (不满意 or 非常不满意) opens a follow-up (核实整改) for the handling
 * department with its own deadline (the matter's `ratingFollowUp` limit, in working days by the calendar).
 */
import { deadlineInstant } from '@renshe/cases/clock/legal-clock.ts';
import { appendAudit, type CaseFileRow, enqueueNotification } from '@renshe/db';
import { shanghaiDate } from '@renshe/domain/dates.ts';
import { DomainError } from '@renshe/domain/errors.ts';
import { auditEntry, type CommandContext } from '../context.ts';
import { matterOf } from './cases.ts';

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
  if (ctx.actor.id !== row.applicant_id) throw new DomainError('FORBIDDEN', '只有申请人可以评价', {});
  if (!row.terminal) throw new DomainError('RATING_TOO_EARLY', '办结后才能评价', { state: row.state });
  const matter = matterOf(ctx, row.matter_code, row.matter_version);
  const now = ctx.clock.now();
  let due: string | null = null;
  if (input.score <= 2) {
    const limit = matter.ratingFollowUp ?? { amount: 15, unit: 'working_days' as const };
    const start = shanghaiDate(now);
    due =
      limit.unit === 'working_days'
        ? ctx.calendar.current.addWorkingDays(start, limit.amount)
        : ctx.calendar.current.nextWorkday(start);
  }
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('case_rating')
      .values({
        case_number: row.case_number,
        channel: input.channel,
        score: input.score,
        comment: input.comment ?? null,
        rated_at: now,
        follow_up_due_at: due ? deadlineInstant(due) : null,
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

/** Closes the follow-up of a bad rating (staff of the handling department). */
export async function closeRatingFollowUp(
  ctx: CommandContext,
  row: CaseFileRow,
  note: string,
): Promise<{ onTime: boolean }> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom('case_rating')
      .selectAll()
      .where('case_number', '=', row.case_number)
      .where('follow_up_due_at', 'is not', null)
      .where('follow_up_closed_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!open) throw new DomainError('FOLLOW_UP_NOT_FOUND', '没有待整改的差评', {});
    await trx
      .updateTable('case_rating')
      .set({ follow_up_closed_at: now, follow_up_note: note })
      .where('case_number', '=', row.case_number)
      .where('channel', '=', open.channel)
      .execute();
    await appendAudit(
      trx,
      auditEntry(
        ctx,
        'case.rating_follow_up',
        { type: 'case', id: row.case_number, regionCode: row.region_code },
        {},
      ),
    );
    return { onTime: now <= open.follow_up_due_at! };
  });
}
