/** Fixed-window counters shared by every server process (`rate_limit_hit`). */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Counts one hit of `key` in the window of `windowMs` that contains `now` and returns the hits so far in it
 * (this one included), with the window's end. One statement (an upsert), safe under concurrency.
 */
export async function countHit(
  db: Kysely<Database>,
  key: string,
  windowMs: number,
  now: Date,
): Promise<{ hits: number; windowEnds: Date }> {
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const row = await db
    .insertInto('rate_limit_hit')
    .values({ key, window_start: start, hits: 1 })
    .onConflict((oc) =>
      oc.columns(['key', 'window_start']).doUpdateSet({ hits: sql`rate_limit_hit.hits + 1` }),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), windowEnds: new Date(start.getTime() + windowMs) };
}

/** The hits of `key` so far in the window that contains `now`, without counting one. */
export async function peekHits(
  db: Kysely<Database>,
  key: string,
  windowMs: number,
  now: Date,
): Promise<number> {
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const row = await db
    .selectFrom('rate_limit_hit')
    .select('hits')
    .where('key', '=', key)
    .where('window_start', '=', start)
    .executeTakeFirst();
  return row ? Number(row.hits) : 0;
}

/** Deletes counters of windows that began before `before` (run now and then by the background workers). */
export async function pruneRateLimits(db: Kysely<Database>, before: Date): Promise<number> {
  const r = await db.deleteFrom('rate_limit_hit').where('window_start', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
