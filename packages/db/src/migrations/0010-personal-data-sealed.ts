/**
 * Personal data at rest (docs/SECURITY.md): no 身份证号 or mobile number stays as text.
 * - account: `login_hmac` (lookup hash of the login, every kind, unique), `login_name_enc` (a citizen's
 *   身份证号, sealed; their `login_name` becomes null), `phone_enc` (sealed) instead of `phone`;
 * - login_attempt.login_key becomes the login's lookup hash; SMS recipients in the outbox are sealed;
 * - the personal values inside bundle forms and answers, bundle part results and case event bodies are
 *   sealed (personal-data.ts says which);
 * - rate-limit counters and verification codes keyed by unkeyed SHA-256 of ID numbers and phones (which can
 *   be reversed by enumeration) are dropped: they live minutes, and new ones use the keyed hash;
 * - the append-only trigger of case_event lets an UPDATE through only in a transaction that set
 *   `renshe.reseal = on` and only when it changes nothing but the body (sealing, `npm run keys:rotate`).
 *
 * Existing rows are converted here, in the migration's transaction, with the process's cipher
 * (`usePersonalData`, set by the server and CLI from DATA_KEYS before migrating); an empty database needs none.
 * The old row versions and WAL records still hold the plain values on disk: `migrateToLatest` then runs
 * `scrubPlaintextRemnants` (VACUUM FULL of these tables, WAL segments switched and removed).
 */
import { type Kysely, sql } from 'kysely';
import { LOOKUP, personalData, sealPersonal } from '../personal-data.ts';

const BATCH = 500;

// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema.
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await sql`
    create or replace function case_event_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and current_setting('renshe.reseal', true) = 'on'
         and (new.case_number, new.seq, new.at, new.actor_id, new.actor_role, new.action, new.kind,
              new.from_state, new.to_state)
             is not distinct from
             (old.case_number, old.seq, old.at, old.actor_id, old.actor_role, old.action, old.kind,
              old.from_state, old.to_state) then
        return new;
      end if;
      raise exception 'case_event is append-only (% refused)', tg_op using errcode = 'P0001';
    end $$`.execute(db);

  await sql`alter table account add column login_hmac text, add column login_name_enc text, add column phone_enc text`.execute(
    db,
  );
  await sql`alter table account alter column login_name drop not null`.execute(db);
  await convertAccounts(db);
  await sql`alter table account drop column phone`.execute(db);
  await sql`alter table account alter column login_hmac set not null`.execute(db);
  await sql`alter table account add constraint account_login_hmac_key unique (login_hmac)`.execute(db);
  await sql`
    alter table account add constraint account_citizen_login_sealed check (
      (kind = 'citizen') = (login_name is null) and (kind = 'citizen') = (login_name_enc is not null))`.execute(
    db,
  );

  const keys = await db.selectFrom('login_attempt').select('login_key').distinct().execute();
  for (const { login_key } of keys) {
    await db
      .updateTable('login_attempt')
      .set({ login_key: personalData().cipher.lookup(LOOKUP.login, login_key) })
      .where('login_key', '=', login_key)
      .execute();
  }
  await sql`delete from rate_limit_hit where key like '%:id:%' or key like '%:phone:%'`.execute(db);
  await sql`delete from verification_code`.execute(db);

  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom('outbox')
      .select(['id', 'recipient'])
      .where('channel', '=', 'sms')
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const r of rows) {
      const { cipher } = personalData();
      if (!cipher.keyIdOf(r.recipient))
        await db
          .updateTable('outbox')
          .set({ recipient: cipher.seal(r.recipient) })
          .where('id', '=', r.id)
          .execute();
    }
    if (rows.length < BATCH) break;
    after = Number(rows.at(-1)!.id);
  }

  await sealJson(db, 'bundle', ['bundle_number'], ['form', 'eligibility']);
  await sealJson(db, 'bundle_part', ['case_number'], ['result']);
  await sql`select set_config('renshe.reseal', 'on', true)`.execute(db);
  await sealJson(db, 'case_event', ['case_number', 'seq'], ['body']);
  await sql`select set_config('renshe.reseal', 'off', true)`.execute(db);
}

/** Moves every account's login and phone to the sealed columns (in key order, in batches). */
async function convertAccounts(db: Db): Promise<void> {
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const rows: { id: string; kind: string; login_name: string; phone: string | null }[] = await db
      .selectFrom('account')
      .select(['id', 'kind', 'login_name', 'phone'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const r of rows) {
      const { cipher } = personalData();
      const citizen = r.kind === 'citizen';
      await db
        .updateTable('account')
        .set({
          login_hmac: cipher.lookup(LOOKUP.login, r.login_name),
          login_name_enc: citizen ? cipher.seal(r.login_name) : null,
          login_name: citizen ? null : r.login_name,
          phone_enc: r.phone === null ? null : cipher.seal(r.phone),
        })
        .where('id', '=', r.id)
        .execute();
    }
    if (rows.length < BATCH) break;
    after = rows.at(-1)!.id;
  }
}

/** Seals the personal values of JSON columns of a table, every row, in key order and batches. */
async function sealJson(db: Db, table: string, key: string[], columns: string[]): Promise<void> {
  let after: unknown[] | null = null;
  for (;;) {
    let q = db
      .selectFrom(table)
      .select([...key, ...columns])
      .limit(BATCH);
    for (const k of key) q = q.orderBy(k);
    if (after) {
      const cols = sql.join(key.map((k) => sql.ref(k)));
      const values = sql.join(after.map((v) => sql`${v}`));
      q = q.where(sql<boolean>`(${cols}) > (${values})`);
    }
    const rows: Record<string, unknown>[] = await q.execute();
    for (const r of rows) {
      const set: Record<string, string> = {};
      for (const c of columns) {
        if (r[c] === null || r[c] === undefined) continue;
        const sealed = sealPersonal(r[c]);
        if (sealed !== r[c]) set[c] = JSON.stringify(sealed);
      }
      if (!Object.keys(set).length) continue;
      let u = db.updateTable(table).set(set);
      for (const k of key) u = u.where(k, '=', r[k]);
      await u.execute();
    }
    if (rows.length < BATCH) break;
    after = key.map((k) => rows.at(-1)![k]);
  }
}
