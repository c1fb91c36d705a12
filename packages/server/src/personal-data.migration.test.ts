/**
 * Migration 0010 converts a database written before it (e.g. a ./data/pglite folder with demo data): every
 * plain 身份证号 and phone becomes sealed or a lookup hash, the repositories read them back as text, unkeyed
 * hashes of ID numbers are dropped, case events stay append-only, and PGlite's files keep no old copy.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  claimOutbox,
  countRecentFailures,
  type Database,
  type DatabaseHandle,
  findAccountByLogin,
  findBundle,
  findCaseFile,
  listBundleParts,
  loadCaseRecord,
  migrateToLatest,
  openDatabase,
} from '@renshe/db';
import { migrations } from '@renshe/db/migrations/index.ts';
import { type Kysely, Migrator, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCatalogues } from './deps.ts';
import { createFieldCipher, parseDataHmacKey, parseDataKeyList } from './services/field-cipher.ts';
import { protectPersonalData } from './services/personal-data.ts';

const MOTHER = '370802198805124569';
const FATHER = '140105199003071234';
const CHILD = '14010520240820002X';
const PHONE = '13900005678';
const PLAIN = [MOTHER, FATHER, CHILD, PHONE];

/** A database at 0009 (before personal data was sealed) on the driver; PGlite in a folder of `dir`. */
async function databaseAt0009(driver: 'pglite' | 'postgres', dir: string): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  let drop: (() => Promise<void>) | undefined;
  if (driver === 'pglite') handle = await openDatabase({ driver: 'pglite', dataDir: join(dir, 'pglite') });
  else {
    const adminUrl = inject('postgresUrl')!;
    const name = `renshe_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    handle = await openDatabase({ driver: 'postgres', url: url.toString() });
    drop = async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  }
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
  const r = await migrator.migrateTo('0009-verification-codes');
  if (r.error) throw r.error;
  return {
    ...handle,
    async close() {
      await handle.close();
      await drop?.();
    },
  };
}

/** Rows as the code before 0010 wrote them (plain ID numbers and phones). */
async function writePlainRows(db: Kysely<Database>): Promise<{ mother: string }> {
  // biome-ignore lint/suspicious/noExplicitAny: the schema before 0010, not the typed one.
  const old = db as Kysely<any>;
  const at = new Date('2026-11-20T02:00:00Z');
  await old
    .insertInto('department')
    .values({
      code: 'TY-GAJ',
      name: '太原市公安局',
      parent_code: null,
      agency: 'public_security',
      region_code: '140100',
    })
    .execute();
  const accounts = await old
    .insertInto('account')
    .values([
      {
        kind: 'citizen',
        login_name: MOTHER,
        display_name: '刘芳',
        password_hash: 'scrypt$x',
        phone: PHONE,
        password_changed_at: at,
        region_code: '370811',
      },
      {
        kind: 'citizen',
        login_name: FATHER,
        display_name: '王晓明',
        password_hash: 'scrypt$x',
        phone: null,
        password_changed_at: at,
      },
      {
        kind: 'staff',
        login_name: 'ty_gaj',
        display_name: '王警官',
        password_hash: 'scrypt$x',
        phone: '13800001111',
        password_changed_at: at,
        department_code: 'TY-GAJ',
        region_code: '140100',
      },
    ])
    .returning(['id', 'login_name'])
    .execute();
  const mother = accounts.find((a: { login_name: string }) => a.login_name === MOTHER)!.id as string;
  await old
    .insertInto('login_attempt')
    .values([
      { login_key: MOTHER, ip: '203.0.113.1', succeeded: false, at },
      { login_key: MOTHER, ip: '203.0.113.1', succeeded: false, at },
    ])
    .execute();
  await old
    .insertInto('outbox')
    .values([
      {
        channel: 'sms',
        recipient: PHONE,
        body: '【人社一网通办】已提交',
        ref: 'B1',
        created_at: at,
        next_attempt_at: at,
      },
      {
        channel: 'agency',
        recipient: 'TY-GAJ',
        body: '{"caseNumber":"C1"}',
        ref: 'C1',
        created_at: at,
        next_attempt_at: at,
      },
    ])
    .execute();
  await old
    .insertInto('rate_limit_hit')
    .values([
      { key: 'register:id:0f9a', window_start: at, hits: 1 },
      { key: 'progress:ip:203.0.113.1', window_start: at, hits: 2 },
    ])
    .execute();
  await old
    .insertInto('verification_code')
    .values({ purpose: 'register', subject_hash: 'ab', code_hash: 'cd', created_at: at, expires_at: at })
    .execute();
  await old
    .insertInto('case_file')
    .values({
      case_number: 'C1',
      matter_code: 'birth-hukou-registration',
      matter_version: 1,
      applicant_id: mother,
      region_code: '140105',
      department_code: 'TY-GAJ',
      state: 'submitted',
      terminal: false,
      clock_state: 'not_started',
      event_count: 2,
      created_at: at,
      updated_at: at,
    })
    .execute();
  const form = { childName: '王小禾', motherIdNumber: MOTHER, fatherIdNumber: FATHER, phone: PHONE };
  await old
    .insertInto('case_event')
    .values([
      {
        case_number: 'C1',
        seq: 1,
        at,
        actor_id: mother,
        actor_role: 'applicant',
        action: 'submit',
        kind: 'submit',
        from_state: 'draft',
        to_state: 'submitted',
        body: JSON.stringify({ data: { bundle: 'B1', form }, actorName: '刘芳' }),
      },
      {
        case_number: 'C1',
        seq: 2,
        at,
        actor_id: 'x',
        actor_role: 'handler',
        action: 'issue',
        kind: 'decide',
        from_state: 'submitted',
        to_state: 'issued',
        body: JSON.stringify({
          outcome: 'registered',
          result: { citizenIdNumber: CHILD },
          data: { citizenIdNumber: CHILD },
        }),
      },
    ])
    .execute();
  await old
    .insertInto('bundle')
    .values({
      bundle_number: 'B1',
      birth_record: 'SXFY-1',
      bundle_code: 'newborn-birth',
      bundle_version: 1,
      applicant_id: mother,
      region_code: '140105',
      department_code: 'TY-GAJ',
      form: JSON.stringify(form),
      eligibility: JSON.stringify({
        eligible: true,
        evidence: { identity_registry: 'identity_registry#370***********4569' },
      }),
      status: 'in_progress',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await old
    .insertInto('bundle_part')
    .values({
      bundle_number: 'B1',
      matter_code: 'birth-hukou-registration',
      case_number: 'C1',
      delivery: 'confirmed',
      status: 'completed',
      result: JSON.stringify([{ id: 'citizenIdNumber', label: '新生儿公民身份号码', value: CHILD }]),
      updated_at: at,
    })
    .execute();
  return { mother };
}

for (const driver of ['pglite', 'postgres'] as const) {
  const skipReason = driver === 'postgres' ? inject('postgresSkipReason') : null;
  (skipReason ? describe.skip : describe)(`migration 0010 converts plain personal data [${driver}]`, () => {
    let handle: DatabaseHandle | undefined;
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'renshe-0010-'));
      handle = await databaseAt0009(driver, dir);
    }, 60_000);
    afterAll(async () => {
      await handle?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('seals every ID number and phone, keeps them readable, drops unkeyed hashes, stays append-only', async () => {
      const db = handle!.db;
      const { mother } = await writePlainRows(db);
      const keys = parseDataKeyList(`m1:${randomBytes(32).toString('base64')}`);
      const hmac = parseDataHmacKey(randomBytes(32).toString('base64'));
      if (!keys.ok || !hmac.ok) throw new Error('keys');
      protectPersonalData(createFieldCipher(keys.keys, hmac.key), loadCatalogues().matters);
      expect(await migrateToLatest(db)).toEqual(['0010-personal-data-sealed']);
      expect(await migrateToLatest(db)).toEqual([]);

      const columns = await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'jsonb') order by 1, 2`.execute(db);
      const leaks: string[] = [];
      for (const c of columns.rows) {
        const rows = await sql<{ v: string | null }>`
          select ${sql.ref(c.column_name)}::text as v from ${sql.table(c.table_name)}`.execute(db);
        for (const r of rows.rows)
          for (const p of PLAIN) if (r.v?.includes(p)) leaks.push(`${c.table_name}.${c.column_name}: ${p}`);
      }
      expect(leaks).toEqual([]);

      const m = await findAccountByLogin(db, MOTHER);
      expect(m).toMatchObject({ id: mother, login_name: MOTHER, phone: PHONE, kind: 'citizen' });
      expect(await findAccountByLogin(db, FATHER)).toMatchObject({ login_name: FATHER, phone: null });
      expect(await findAccountByLogin(db, 'ty_gaj')).toMatchObject({
        login_name: 'ty_gaj',
        phone: '13800001111',
      });
      const staff = await db
        .selectFrom('account')
        .select(['login_name', 'login_name_enc'])
        .where('kind', '=', 'staff')
        .execute();
      expect(staff).toEqual([{ login_name: 'ty_gaj', login_name_enc: null }]);
      const failures = await countRecentFailures(db, MOTHER, '203.0.113.1', new Date('2026-11-20T00:00:00Z'));
      expect(failures.byKey).toBe(2);
      const sms = await db
        .transaction()
        .execute((trx) => claimOutbox(trx, new Date('2026-11-21T00:00:00Z'), 10, 'sms'));
      expect(sms.map((s) => s.recipient)).toEqual([PHONE]);
      const agency = await db
        .selectFrom('outbox')
        .select('recipient')
        .where('channel', '=', 'agency')
        .execute();
      expect(agency).toEqual([{ recipient: 'TY-GAJ' }]);
      expect((await db.selectFrom('rate_limit_hit').select('key').execute()).map((r) => r.key)).toEqual([
        'progress:ip:203.0.113.1',
      ]);
      expect(await db.selectFrom('verification_code').selectAll().execute()).toEqual([]);

      const record = await loadCaseRecord(db, (await findCaseFile(db, 'C1'))!);
      expect(record.events[0]!.data).toEqual({
        bundle: 'B1',
        form: { childName: '王小禾', motherIdNumber: MOTHER, fatherIdNumber: FATHER, phone: PHONE },
      });
      expect(record.events[1]!.result).toEqual({ citizenIdNumber: CHILD });
      expect((await findBundle(db, 'B1'))!.form).toMatchObject({ motherIdNumber: MOTHER, phone: PHONE });
      expect((await listBundleParts(db, 'B1'))[0]!.result).toEqual([
        { id: 'citizenIdNumber', label: '新生儿公民身份号码', value: CHILD },
      ]);

      // Still append-only: an update of an event (outside a re-seal) and a delete are refused.
      await expect(
        sql`update case_event set body = '{}'::jsonb where case_number = 'C1'`.execute(db),
      ).rejects.toThrow(/append-only/);
      await expect(sql`delete from case_event where case_number = 'C1'`.execute(db)).rejects.toThrow(
        /append-only/,
      );
      // A re-seal may change the body only.
      await expect(
        db.transaction().execute(async (trx) => {
          await sql`select set_config('renshe.reseal', 'on', true)`.execute(trx);
          await sql`update case_event set to_state = 'x' where case_number = 'C1'`.execute(trx);
        }),
      ).rejects.toThrow(/append-only/);
      // A citizen's login can only be stored sealed.
      await expect(
        sql`insert into account (kind, login_name, login_hmac, display_name, password_hash, password_changed_at)
            values ('citizen', ${FATHER}, 'h', 'x', 'x', now())`.execute(db),
      ).rejects.toThrow(/account_citizen_login_sealed/);

      // The files: no old row version, index entry or WAL record with a plain value (scrubPlaintextRemnants).
      if (driver === 'pglite') {
        await handle!.close();
        handle = undefined;
        const found: string[] = [];
        const walk = async (d: string): Promise<void> => {
          for (const e of await readdir(d, { withFileTypes: true })) {
            const p = join(d, e.name);
            if (e.isDirectory()) await walk(p);
            else {
              const bytes = await readFile(p);
              for (const x of PLAIN) if (bytes.includes(x, 0, 'latin1')) found.push(`${p}: ${x}`);
            }
          }
        };
        await walk(join(dir, 'pglite'));
        expect(found).toEqual([]);
      }
    });
  });
}
