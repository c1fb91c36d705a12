/** Durable case timers and the notification outbox. */
import { type Kysely, sql } from 'kysely';
import { openText, sealText } from '../personal-data.ts';
import type { Database, OutboxRow } from '../schema.ts';

/** Kinds of timer planned from the case's clocks (task timers belong to their task). */
export type CaseClockTimerKind = 'warn' | 'due' | 'stage';

/** Replaces the unfired clock timers of a case (after every event the deadlines may have moved). */
export async function planCaseTimers(
  trx: Kysely<Database>,
  caseNumber: string,
  regionCode: string,
  timers: { kind: CaseClockTimerKind; fireAt: Date }[],
): Promise<void> {
  await trx
    .deleteFrom('case_timer')
    .where('case_number', '=', caseNumber)
    .where('fired_at', 'is', null)
    .where('kind', '<>', 'task')
    .execute();
  if (timers.length) {
    await trx
      .insertInto('case_timer')
      .values(
        timers.map((t) => ({
          case_number: caseNumber,
          kind: t.kind,
          region_code: regionCode,
          fire_at: t.fireAt,
        })),
      )
      .execute();
  }
}

/** The unfired timer of `kind` per case, for the given cases (the latest when several). */
export async function listUnfiredCaseTimers(
  db: Kysely<Database>,
  caseNumbers: readonly string[],
  kind: CaseClockTimerKind,
): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  if (!caseNumbers.length) return out;
  const rows = await db
    .selectFrom('case_timer')
    .select(['case_number', 'fire_at'])
    .where('case_number', 'in', [...caseNumbers])
    .where('kind', '=', kind)
    .where('fired_at', 'is', null)
    .orderBy('fire_at')
    .execute();
  for (const r of rows) out.set(r.case_number, r.fire_at);
  return out;
}

/** Regions that have a timer due at `now`. */
export async function regionsWithDueTimers(db: Kysely<Database>, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('case_timer')
    .select('region_code')
    .distinct()
    .where('fired_at', 'is', null)
    .where('fire_at', '<=', now)
    .execute();
  return rows.map((r) => r.region_code);
}

/** Claims up to `limit` due timers of a region inside the caller's transaction (SKIP LOCKED: workers never collide). */
export function claimDueTimers(trx: Kysely<Database>, regionCode: string, now: Date, limit: number) {
  return trx
    .selectFrom('case_timer')
    .selectAll()
    .where('region_code', '=', regionCode)
    .where('fired_at', 'is', null)
    .where('fire_at', '<=', now)
    .orderBy('fire_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Marks a timer fired. */
export async function markTimerFired(trx: Kysely<Database>, id: number, at: Date): Promise<void> {
  await trx.updateTable('case_timer').set({ fired_at: at }).where('id', '=', id).execute();
}

/** Records a failed attempt (the timer stays due and is retried). */
export async function markTimerFailed(db: Kysely<Database>, id: number, error: string): Promise<void> {
  await db
    .updateTable('case_timer')
    .set({ attempts: sql`attempts + 1`, last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}

/** A message to queue. */
export interface NewOutboxMessage {
  channel: string;
  recipient: string;
  body: string;
  ref: string | null;
  at: Date;
}

/** Queues messages (in the caller's transaction), one statement for all of them; SMS recipients sealed. */
export async function enqueueNotifications(
  trx: Kysely<Database>,
  messages: readonly NewOutboxMessage[],
): Promise<void> {
  if (!messages.length) return;
  await trx
    .insertInto('outbox')
    .values(
      messages.map((n) => ({
        channel: n.channel,
        recipient: n.channel === 'sms' ? sealText(n.recipient) : n.recipient,
        body: n.body,
        ref: n.ref,
        created_at: n.at,
        next_attempt_at: n.at,
      })),
    )
    .execute();
}

/** Queues one notification (in the caller's transaction). */
export function enqueueNotification(trx: Kysely<Database>, n: NewOutboxMessage): Promise<void> {
  return enqueueNotifications(trx, [n]);
}

/** Claims pending messages of a channel (sms, agency …) due for an attempt; SMS recipients opened. */
export async function claimOutbox(
  trx: Kysely<Database>,
  now: Date,
  limit: number,
  channel = 'sms',
): Promise<OutboxRow[]> {
  const rows = await trx
    .selectFrom('outbox')
    .selectAll()
    .where('channel', '=', channel)
    .where('sent_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((r) => (r.channel === 'sms' ? { ...r, recipient: openText(r.recipient) } : r));
}

/**
 * Leases one due message of a channel for `leaseMs`: it is claimed (SKIP LOCKED) and pushed out of view
 * of other workers until the lease ends, so the caller can talk to a remote system outside any
 * transaction. An unanswered lease simply expires and the message is due again.
 */
export async function leaseOutboxMessage(
  db: Kysely<Database>,
  now: Date,
  channel: string,
  leaseMs: number,
): Promise<OutboxRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const [m] = await claimOutbox(trx, now, 1, channel);
    if (!m) return undefined;
    const leaseEnd = new Date(now.getTime() + leaseMs);
    await trx.updateTable('outbox').set({ next_attempt_at: leaseEnd }).where('id', '=', m.id).execute();
    return { ...m, next_attempt_at: leaseEnd };
  });
}

/**
 * Locks a leased message in the caller's transaction if the lease is still the caller's (not sent, not
 * re-leased by another worker after it expired). False: leave it alone.
 */
export async function holdLease(trx: Kysely<Database>, m: Pick<OutboxRow, 'id' | 'next_attempt_at'>) {
  const row = await trx
    .selectFrom('outbox')
    .select('id')
    .where('id', '=', m.id)
    .where('sent_at', 'is', null)
    .where('next_attempt_at', '=', m.next_attempt_at)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/** Marks a notification sent, or schedules its retry with back-off. */
export async function settleOutbox(
  trx: Kysely<Database>,
  id: number,
  result: { sentAt: Date } | { error: string; retryAt: Date },
): Promise<void> {
  if ('sentAt' in result) {
    await trx
      .updateTable('outbox')
      .set({ sent_at: result.sentAt, attempts: sql`attempts + 1` })
      .where('id', '=', id)
      .execute();
  } else {
    await trx
      .updateTable('outbox')
      .set({
        attempts: sql`attempts + 1`,
        last_error: result.error.slice(0, 500),
        next_attempt_at: result.retryAt,
      })
      .where('id', '=', id)
      .execute();
  }
}
