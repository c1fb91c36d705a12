/** Sends queued notifications; a failure is retried with exponential back-off (1, 2, 4 … 60 minutes). */
import { claimOutbox, settleOutbox } from '@renshe/db';
import type { SmsGateway } from '../adapters/sms.ts';
import type { AppDeps } from '../context.ts';

/** Sends what is due; returns how many were sent and failed. */
export async function dispatchOutbox(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  sms: SmsGateway,
  limit = 100,
): Promise<{ sent: number; failed: number }> {
  const now = deps.clock.now();
  let sent = 0;
  let failed = 0;
  await deps.db.transaction().execute(async (trx) => {
    for (const m of await claimOutbox(trx, now, limit, 'sms')) {
      try {
        await sms.send(m.recipient, m.body);
        await settleOutbox(trx, m.id, { sentAt: now });
        sent++;
      } catch (e) {
        const minutes = Math.min(60, 2 ** m.attempts);
        await settleOutbox(trx, m.id, {
          error: String((e as Error).message),
          retryAt: new Date(now.getTime() + minutes * 60_000),
        });
        failed++;
      }
    }
  });
  return { sent, failed };
}
