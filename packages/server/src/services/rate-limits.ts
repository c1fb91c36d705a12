/**
 * 访问频次限制 at the edge of a use case: a fixed-window limit per key, counted in the database
 * (`rate_limit_hit`), so every server process sees the same count. Past the limit the caller gets
 * `<CODE>_THROTTLED` (429 with Retry-After).
 */
import { isIPv6 } from 'node:net';
import { countHit, peekHits } from '@renshe/db';
import { DomainError } from '@renshe/domain/errors.ts';
import type { CommandContext } from '../context.ts';

/** One limit: at most `limit` hits per `windowMinutes` for a key. */
export interface RateLimit {
  readonly limit: number;
  readonly windowMinutes: number;
}

/**
 * The part of a client address a limit is counted against: the address itself for IPv4, its /64 network for
 * IPv6 (one subscriber usually holds a whole /64, so rotating through it must not reset a limit).
 */
export function addressKey(address: string): string {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (!isIPv6(a)) return a;
  const [head = '', tail = ''] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = a.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Throws `${code}_THROTTLED` when a key is already at its limit, without counting a hit. */
export function refuseIfAtLimit(
  ctx: Pick<CommandContext, 'db' | 'clock'>,
  code: string,
  checks: readonly { key: string; rule: RateLimit }[],
): Promise<void> {
  return checkLimits(ctx, code, checks, false);
}

/** Counts a hit on every key and throws `${code}_THROTTLED` when any of them is past its limit. */
export function enforceLimits(
  ctx: Pick<CommandContext, 'db' | 'clock'>,
  code: string,
  checks: readonly { key: string; rule: RateLimit }[],
): Promise<void> {
  return checkLimits(ctx, code, checks, true);
}

/** The one loop of both: `count` adds this hit first (then more than the limit is refused), else only reads. */
async function checkLimits(
  ctx: Pick<CommandContext, 'db' | 'clock'>,
  code: string,
  checks: readonly { key: string; rule: RateLimit }[],
  count: boolean,
): Promise<void> {
  const now = ctx.clock.now();
  for (const { key, rule } of checks) {
    const windowMs = rule.windowMinutes * 60_000;
    const hits = count
      ? (await countHit(ctx.db, key, windowMs, now)).hits
      : (await peekHits(ctx.db, key, windowMs, now)) + 1;
    if (hits > rule.limit) {
      const windowEnds = Math.floor(now.getTime() / windowMs) * windowMs + windowMs;
      const retryAfterSeconds = Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000));
      throw new DomainError(
        `${code}_THROTTLED`,
        `操作过于频繁，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`,
        {
          retryAfterSeconds,
        },
      );
    }
  }
}
