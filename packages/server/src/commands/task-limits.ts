/** The time limits of follow-up tasks (跟进任务), from the matter: one place for opening and rescheduling them. */
import type { ClockLimit } from '@renshe/cases/clock/legal-clock.ts';
import type { Matter } from '@renshe/cases/matter/matter-schema.ts';
import type { CaseTaskRow } from '@renshe/db';

/**
 * 差评整改 within 15 working days when the matter sets none (an example value: 国办发〔2019〕51号 leaves the
 * deadline to local rules; Dezhou uses 5, a Sichuan city 15).
 */
export const DEFAULT_FOLLOW_UP: ClockLimit = { amount: 15, unit: 'working_days' };

/** The limit of a task kind on a matter, or undefined when the matter has none (no verification). */
export function taskLimit(matter: Matter, kind: CaseTaskRow['kind']): ClockLimit | undefined {
  return kind === 'rating_follow_up'
    ? (matter.ratingFollowUp ?? DEFAULT_FOLLOW_UP)
    : matter.commitment.verificationWithin;
}
