/**
 * 访问频次限制 at the edge of a use case: a fixed-window limit per key, counted in the database
 * (`rate_limit_hit`), so every server process sees the same count. Past the limit the caller gets
 * `<CODE>_THROTTLED` (429 with Retry-After).
 */
import { countHit } from '@renshe/db';
import { DomainError } from '@renshe/domain/errors.ts';
import type { CommandContext } from '../context.ts';

/** One limit: at most `limit` hits per `windowMinutes` for a key. */
export interface RateLimit {
  readonly limit: number;
  readonly windowMinutes: number;
}

/** Counts a hit on every key and throws `${code}_THROTTLED` when any of them is past its limit. */
export async function enforceLimits(
  ctx: Pick<CommandContext, 'db' | 'clock'>,
  code: string,
  checks: readonly { key: string; rule: RateLimit }[],
): Promise<void> {
  const now = ctx.clock.now();
  for (const { key, rule } of checks) {
    const { hits, windowEnds } = await countHit(ctx.db, key, rule.windowMinutes * 60_000, now);
    if (hits > rule.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((windowEnds.getTime() - now.getTime()) / 1000));
      throw new DomainError(
        `${code}_THROTTLED`,
        `操作过于频繁，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`,
        { retryAfterSeconds },
      );
    }
  }
}
