/**
 * 公开进度查询: anyone with a case number and the applicant's identity number sees where the case is — its
 * state, clock and timeline, with identity numbers and other personal values masked (a result such as the
 * newborn's 公民身份号码 shows as 1401**********0021). Limited per client address and per case number, one
 * answer for "no such case" and "wrong identity number", and every lookup audited, found or not.
 */
import type { CaseRecord } from '@renshe/cases/engine/case-record.ts';
import { type CaseView, caseView } from '@renshe/cases/engine/case-view.ts';
import type { Matter } from '@renshe/cases/matter/matter-schema.ts';
import { appendAudit, findAccountById, loadCaseRecord } from '@renshe/db';
import { DomainError } from '@renshe/domain/errors.ts';
import { isWellFormedCaseNumber } from '@renshe/domain/ids/case-number.ts';
import { maskText } from '@renshe/domain/privacy/mask.ts';
import { auditEntry, type CommandContext } from '../context.ts';
import { addressKey, enforceLimits, type RateLimit, refuseIfAtLimit } from '../services/rate-limits.ts';
import { caseResource, matterOf } from './cases.ts';

/** Lookups per client address per hour, and failed lookups per case number per hour (example values, set locally). */
export const PROGRESS_LIMITS: Readonly<{ perAddress: RateLimit; perCase: RateLimit }> = Object.freeze({
  perAddress: { limit: 30, windowMinutes: 60 },
  perCase: { limit: 10, windowMinutes: 60 },
});

/** The one answer for a number that does not exist and for an identity number that does not match. */
const NO_MATCH = () => new DomainError('CASE_NOT_FOUND', '办件编号与证件号码不匹配', {});

/** Looks a case up for the public; throws CASE_NOT_FOUND (the same either way) or PROGRESS_THROTTLED. */
export async function lookUpProgress(
  ctx: CommandContext,
  input: { caseNumber: string; idNumber: string },
  clientAddress: string,
): Promise<{ record: CaseRecord; view: CaseView; matter: Matter }> {
  const caseNumber = input.caseNumber.trim();
  // Every lookup counts against the address; only failed ones against the case number, so strangers
  // guessing at a number cannot stop its owner from looking (beyond the limit of failures).
  const perCase = { key: `progress:case:${caseNumber.slice(0, 40)}`, rule: PROGRESS_LIMITS.perCase };
  await enforceLimits(ctx, 'PROGRESS', [
    { key: `progress:ip:${addressKey(clientAddress)}`, rule: PROGRESS_LIMITS.perAddress },
  ]);
  await refuseIfAtLimit(ctx, 'PROGRESS', [perCase]);
  const audit = async (found: boolean, regionCode: string | null) =>
    appendAudit(
      ctx.db,
      auditEntry(
        ctx,
        'case.progress_lookup',
        { type: 'case', id: found ? caseNumber : null, regionCode },
        { found, caseNumber: maskText(caseNumber.slice(0, 40)), address: clientAddress },
      ),
    );
  const res = isWellFormedCaseNumber(caseNumber)
    ? await caseResource(ctx, caseNumber).catch(() => null)
    : null;
  const applicant = res ? await findAccountById(ctx.db, res.row.applicant_id) : undefined;
  if (!res || !applicant || applicant.login_name !== input.idNumber.trim().toUpperCase()) {
    await audit(false, res?.row.region_code ?? null);
    if (isWellFormedCaseNumber(caseNumber)) await enforceLimits(ctx, 'PROGRESS', [perCase]).catch(() => {});
    throw NO_MATCH();
  }
  const record = await loadCaseRecord(ctx.db, res.row);
  const matter = matterOf(ctx, record.matter.code, record.matter.version);
  await audit(true, res.row.region_code);
  return { record, matter, view: caseView(matter, record, ctx.calendar.current, ctx.clock.now()) };
}
