/**
 * Delivers a bundle's sub-cases to the agencies' systems from the outbox (channel `agency`): each message
 * is leased (claimed with SKIP LOCKED and hidden from other workers for the time limit), delivered with no
 * transaction open, and its answer applied to the sub-case (accepted / rejected / pending) in the same
 * transaction that marks the message sent; a failure or a timeout schedules a retry with back-off (30 s, 1, 2, 4 … 60 minutes) and, after
 * `maxAttempts`, marks the part `failed` so staff see it — the sub-case itself is never lost or doubled
 * (it was created with the bundle; the agency keeps one record per case number).
 */
import { holdLease, leaseOutboxMessage, settleOutbox, updateBundlePart } from '@renshe/db';
import { SYSTEM } from '@renshe/domain/access/actor.ts';
import type { AgencyAnswer } from '../adapters/agency-gateway.ts';
import { agencyDelivery, applyAgencyAnswer } from '../commands/bundles.ts';
import type { AppDeps, CommandContext } from '../context.ts';

/** Outcome of one dispatch run. */
export interface DispatchRun {
  delivered: number;
  pending: number;
  failed: number;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`部门业务系统 ${ms} ms 内未应答`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Delivers what is due: each message is leased (so no other worker takes it), delivered outside any
 * transaction with a time limit, and its answer applied in a transaction of its own — only while the lease
 * is still ours. A failure to deliver or to apply the answer schedules a retry with back-off; after
 * `maxAttempts` the part is marked `failed` for staff to see. A run stops after `budgetMs` so the timers and
 * SMS of the same worker tick are never starved by a slow agency.
 */
export async function dispatchAgencies(
  deps: AppDeps,
  opts: { limit?: number; timeoutMs?: number; maxAttempts?: number; budgetMs?: number } = {},
): Promise<DispatchRun> {
  const run: DispatchRun = { delivered: 0, pending: 0, failed: 0 };
  const timeoutMs = opts.timeoutMs ?? 5000;
  const maxAttempts = opts.maxAttempts ?? 10;
  const until = performance.now() + (opts.budgetMs ?? 10_000);
  for (let i = 0; i < (opts.limit ?? 100) && performance.now() < until; i++) {
    const now = deps.clock.now();
    const m = await leaseOutboxMessage(deps.db, now, 'agency', timeoutMs + 30_000);
    if (!m) break;
    const { caseNumber } = JSON.parse(m.body) as { caseNumber: string };
    const delivery = await agencyDelivery(deps.db, caseNumber);
    let outcome: AgencyAnswer | Error;
    try {
      outcome = await withTimeout(deps.agencies.deliver(m.recipient, delivery), timeoutMs);
    } catch (e) {
      outcome = e as Error;
    }
    if (!(outcome instanceof Error)) {
      const answer = outcome;
      try {
        const applied = await deps.db.transaction().execute(async (trx) => {
          if (!(await holdLease(trx, m))) return false;
          const ctx: CommandContext = { ...deps, db: trx, actor: SYSTEM, requestId: `agency-${m.id}` };
          await applyAgencyAnswer(trx, ctx, delivery.caseNumber, answer);
          await settleOutbox(trx, m.id, { sentAt: now });
          return true;
        });
        if (applied) {
          if (answer.status === 'pending') run.pending++;
          else run.delivered++;
        }
        continue;
      } catch (e) {
        outcome = e as Error; // e.g. staff acted on the sub-case at the same moment: try again later
      }
    }
    const error = outcome;
    await deps.db.transaction().execute(async (trx) => {
      if (!(await holdLease(trx, m))) return;
      const seconds = m.attempts === 0 ? 30 : Math.min(3600, 60 * 2 ** (m.attempts - 1));
      await settleOutbox(trx, m.id, {
        error: String(error.message),
        retryAt: new Date(now.getTime() + seconds * 1000),
      });
      if (m.attempts + 1 >= maxAttempts)
        await updateBundlePart(trx, delivery.caseNumber, { delivery: 'failed', now });
    });
    run.failed++;
  }
  return run;
}
