/**
 * 过期数据清理: counters of finished rate-limit windows, verification codes long expired, and login attempts
 * older than any window that reads them are deleted, so these tables stay as small as the traffic of a day.
 * Runs from the background workers at most once an hour; every step on its own (one failing never stops the
 * others or the workers after it).
 */
import { pruneRateLimits } from '@renshe/db';
import type { AppDeps } from '../context.ts';

const HOUR = 3600_000;
let lastRun = 0;

/** What one run deleted, or the errors of the steps that failed. */
export interface HousekeepingRun {
  rateLimits: number;
  verificationCodes: number;
  loginAttempts: number;
  errors: string[];
}

/** Deletes what no limit or check reads any more; null when the last run was less than an hour ago. */
export async function runHousekeeping(deps: AppDeps, force = false): Promise<HousekeepingRun | null> {
  const now = deps.clock.now().getTime();
  if (!force && now - lastRun < HOUR) return null;
  lastRun = now;
  const run: HousekeepingRun = { rateLimits: 0, verificationCodes: 0, loginAttempts: 0, errors: [] };
  const step = async (
    f: () => Promise<number>,
    into: 'rateLimits' | 'verificationCodes' | 'loginAttempts',
  ) => {
    try {
      run[into] = await f();
    } catch (e) {
      run.errors.push(`${into}: ${(e as Error).message}`);
    }
  };
  // The longest window is an hour; a day keeps a margin.
  await step(() => pruneRateLimits(deps.db, new Date(now - 24 * HOUR)), 'rateLimits');
  await step(async () => {
    const r = await deps.db
      .deleteFrom('verification_code')
      .where('expires_at', '<', new Date(now - 24 * HOUR))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }, 'verificationCodes');
  // Login failures are read over 15 minutes; each attempt is also in the audit log, kept for good.
  await step(async () => {
    const r = await deps.db
      .deleteFrom('login_attempt')
      .where('at', '<', new Date(now - 30 * 24 * HOUR))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }, 'loginAttempts');
  return run;
}
