/**
 * Personal data at rest (issue 11, point 7): after a realistic flow — demo data, a citizen's real-name
 * registration, a failed login and a password reset, a 工伤认定 case, a newborn bundle through all five
 * agencies with its results (the child's 公民身份号码), the SMS sent — no full 身份证号 or mobile number of the
 * demo is found in any text or jsonb column of any table, nor in the bytes of PGlite's data folder; and the
 * app's log, with a forced database error in it, holds no ID number, phone or password hash. Everything
 * still reads as text through the API.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Database, type DatabaseHandle, migrateToLatest, openDatabase, openText } from '@renshe/db';
import { createTestDatabase } from '@renshe/db/testing.ts';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from './app.ts';
import { TEST_SCRYPT } from './auth/password.ts';
import { agencyDelivery } from './commands/bundles.ts';
import type { AppDeps } from './context.ts';
import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  DEMO_UNREGISTERED,
  demoRegistryData,
  loadDemoData,
} from './demo-data.ts';
import { buildDeps } from './deps.ts';
import { createFieldCipher, parseDataHmacKey, parseDataKeyList } from './services/field-cipher.ts';
import { TestClock } from './testing.ts';
import { dispatchAgencies } from './workers/agency-dispatch.ts';
import { dispatchOutbox } from './workers/outbox.ts';

const citizen = (name: string) => DEMO_ACCOUNTS.find((a) => a.displayName === name)!;
const WANG = citizen('王晓明');
const LIU = citizen('刘芳');
const NEWBORN_ID = '14010520240820002X';
const STRONG = 'Qingshan#Lake2026';
const RESULTS: Record<string, { staff: string; data: Record<string, string> }> = {
  'birth-medical-certificate': { staff: 'ty_zc', data: { certificateNumber: 'X140105318' } },
  'vaccination-certificate': { staff: 'ty_cdc', data: { certificateNumber: '1401052024000318' } },
  'birth-hukou-registration': { staff: 'ty_gaj', data: { citizenIdNumber: NEWBORN_ID } },
  'resident-medical-insurance-enrolment': { staff: 'ty_ybj', data: { enrolmentNumber: 'YB140105-000318' } },
  'social-security-card-application': { staff: 'ty_rsj', data: { applicationNumber: 'SBK-140105-000318' } },
};

/** Every full ID number and mobile number of the demo (accounts and registries) and the newborn's. */
function needles(today: string): string[] {
  const registry = demoRegistryData(today);
  return [
    ...new Set([
      ...DEMO_ACCOUNTS.filter((a) => a.kind === 'citizen').flatMap((a) => [a.loginName, a.phone ?? '']),
      ...registry.persons.map((p) => p.idNumber),
      ...(registry.phones ?? []).flatMap((p) => [p.phone, p.idNumber]),
      ...registry.births.flatMap((b) => [b.motherIdNumber, b.fatherIdNumber ?? '']),
      DEMO_UNREGISTERED.idNumber,
      DEMO_UNREGISTERED.phone,
      NEWBORN_ID,
    ]),
  ].filter(Boolean);
}

/** Every text-like column of every table, cast to text: [table.column, value][]. */
async function everyStoredText(db: Kysely<Database>): Promise<[string, string][]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and data_type in ('text', 'jsonb', 'json', 'character varying', 'ARRAY')
    order by table_name, column_name`.execute(db);
  const out: [string, string][] = [];
  for (const c of columns.rows) {
    const rows = await sql<{ v: string | null }>`
      select ${sql.ref(c.column_name)}::text as v from ${sql.table(c.table_name)}`.execute(db);
    for (const r of rows.rows) if (r.v !== null) out.push([`${c.table_name}.${c.column_name}`, r.v]);
  }
  return out;
}

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* filesUnder(p);
    else if (e.isFile()) yield p;
  }
}

const cipherForTest = () => {
  const keys = parseDataKeyList(`t1:${randomBytes(32).toString('base64')}`);
  const hmac = parseDataHmacKey(randomBytes(32).toString('base64'));
  if (!keys.ok || !hmac.ok) throw new Error('test keys');
  return createFieldCipher(keys.keys, hmac.key);
};

for (const driver of ['pglite', 'postgres'] as const) {
  const skipReason = driver === 'postgres' ? inject('postgresSkipReason') : null;
  (skipReason ? describe.skip : describe)(`personal data at rest [${driver}]`, () => {
    let handle: DatabaseHandle | undefined;
    let dataDir: string | undefined;
    let app: FastifyInstance;
    let deps: AppDeps;
    const logs: string[] = [];
    const clock = new TestClock(new Date('2026-11-23T02:00:00Z'));
    const today = '2026-11-23';

    beforeAll(async () => {
      if (driver === 'pglite') {
        dataDir = await mkdtemp(join(tmpdir(), 'renshe-at-rest-'));
        handle = await openDatabase({ driver: 'pglite', dataDir });
        await migrateToLatest(handle.db);
      } else {
        handle = await createTestDatabase('postgres');
      }
      deps = await buildDeps({
        db: handle.db,
        clock,
        config: { sessionTtlHours: 12, cookieSecure: false, scrypt: TEST_SCRYPT },
        fieldCipher: cipherForTest(),
      });
      await loadDemoData(deps);
      const logStream = new Writable({
        write(chunk, _enc, done) {
          logs.push(String(chunk));
          done();
        },
      });
      app = await buildApp({ deps, logLevel: 'info', logStream });
      await app.ready();
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await handle?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    const call = (opts: InjectOptions & { cookie?: string }) =>
      app.inject({
        remoteAddress: '203.0.113.9',
        ...opts,
        headers: { ...(opts.headers ?? {}), ...(opts.cookie ? { cookie: opts.cookie } : {}) },
      });
    const login = async (loginName: string, password = DEMO_PASSWORD) => {
      const res = await call({ method: 'POST', url: '/api/v1/auth/login', payload: { loginName, password } });
      expect(res.statusCode, res.body).toBe(200);
      return `renshe_session=${res.cookies.find((c) => c.name === 'renshe_session')!.value}`;
    };
    /** The newest SMS to a phone: recipients are sealed, so each is opened to compare. */
    const lastSms = async (phone: string) => {
      const rows = await deps.db
        .selectFrom('outbox')
        .select(['recipient', 'body'])
        .where('channel', '=', 'sms')
        .orderBy('id', 'desc')
        .execute();
      return rows.find((r) => openText(r.recipient) === phone)?.body;
    };

    it('keeps no ID number or phone as text in any table, file or log line, and everything still reads', {
      timeout: 180_000,
    }, async () => {
      // A citizen registers by real name with the code sent to her phone, and logs in by her ID number.
      const start = await call({
        method: 'POST',
        url: '/api/v1/auth/register/start',
        payload: DEMO_UNREGISTERED,
      });
      expect(start.statusCode, start.body).toBe(202);
      const code = /验证码为 (\d{6})/.exec((await lastSms(DEMO_UNREGISTERED.phone)) ?? '')?.[1];
      const done = await call({
        method: 'POST',
        url: '/api/v1/auth/register/complete',
        payload: {
          idNumber: DEMO_UNREGISTERED.idNumber,
          phone: DEMO_UNREGISTERED.phone,
          code,
          password: STRONG,
        },
      });
      expect(done.statusCode, done.body).toBe(201);
      const zhao = await login(DEMO_UNREGISTERED.idNumber.toLowerCase(), STRONG);
      const me = (await call({ method: 'GET', url: '/api/v1/auth/me', cookie: zhao })).json();
      expect(me.loginName).toBe(DEMO_UNREGISTERED.idNumber);

      // A wrong password (a throttling row), and a password reset started for 王晓明's phone.
      const wrong = await call({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { loginName: WANG.loginName, password: 'not-the-password' },
      });
      expect(wrong.statusCode).toBe(401);
      const reset = await call({
        method: 'POST',
        url: '/api/v1/auth/password-reset/start',
        payload: { idNumber: WANG.loginName, phone: WANG.phone },
      });
      expect(reset.statusCode, reset.body).toBe(202);
      expect(await lastSms(WANG.phone!)).toContain('找回密码');

      // A 工伤认定 case by 王晓明 (shared materials read with his ID number).
      const wang = await login(WANG.loginName);
      const created = await call({
        method: 'POST',
        url: '/api/v1/cases',
        cookie: wang,
        headers: { 'idempotency-key': 'at-rest-case-0001' },
        payload: { matter: 'work-injury-recognition', materials: ['application_form'] },
      });
      expect(created.statusCode, created.body).toBe(201);

      // The newborn bundle by 刘芳, delivered to the five agencies, each issuing its result.
      const liu = await login(LIU.loginName);
      const form = {
        childName: '王小禾',
        motherIdNumber: LIU.loginName,
        fatherIdNumber: WANG.loginName,
        settleWith: 'father',
        phone: LIU.phone,
      };
      const bundle = await call({
        method: 'POST',
        url: '/api/v1/bundles/newborn-birth',
        cookie: liu,
        headers: { 'idempotency-key': 'at-rest-bundle-0001' },
        payload: { form },
      });
      expect(bundle.statusCode, bundle.body).toBe(201);
      const n = bundle.json().bundleNumber as string;
      expect(await dispatchAgencies(deps)).toMatchObject({ delivered: 5 });
      let view = (await call({ method: 'GET', url: `/api/v1/bundles/${n}`, cookie: liu })).json();
      for (const part of view.parts as { caseNumber: string; matter: string }[]) {
        const r = RESULTS[part.matter]!;
        const staff = await login(r.staff);
        const matter = (await call({ method: 'GET', url: `/api/v1/matters/${part.matter}` })).json();
        const outcome = matter.workflow.actions.find((a: { id: string }) => a.id === 'issue').outcomes[0].id;
        const issued = await call({
          method: 'POST',
          url: `/api/v1/cases/${part.caseNumber}/actions`,
          cookie: staff,
          payload: { action: 'issue', outcome, opinion: '经核验，予以办理', data: r.data },
        });
        expect(issued.statusCode, issued.body).toBe(200);
      }
      // Everything reads back as text: the parents see the child's ID number whole, the agency its form.
      view = (await call({ method: 'GET', url: `/api/v1/bundles/${n}`, cookie: liu })).json();
      expect(view.status).toBe('completed');
      const hukou = view.parts.find((p: { matter: string }) => p.matter === 'birth-hukou-registration');
      expect(hukou.result[0].value).toBe(NEWBORN_ID);
      expect((await agencyDelivery(deps.db, hukou.caseNumber)).form).toMatchObject({
        motherIdNumber: LIU.loginName,
        fatherIdNumber: WANG.loginName,
        phone: LIU.phone,
      });
      // The SMS reach the phones (opened for the gateway).
      const sent: string[] = [];
      await dispatchOutbox(deps, {
        send: async (phone: string) => ({ messageId: String(sent.push(phone)) }),
      });
      expect(sent).toEqual(expect.arrayContaining([DEMO_UNREGISTERED.phone, WANG.phone, LIU.phone]));

      // A forced database error while an administrator creates an account (password hash and phone in the
      // failed statement): logged, and the log holds neither.
      await sql`create function at_rest_fail() returns trigger language plpgsql as $$
        begin raise exception 'forced failure for the log test'; end $$`.execute(deps.db);
      await sql`create trigger at_rest_fail before insert on account for each row execute function at_rest_fail()`.execute(
        deps.db,
      );
      const failed = await call({
        method: 'POST',
        url: '/api/v1/admin/accounts',
        cookie: await login('admin'),
        payload: {
          kind: 'staff',
          loginName: 'ty_new',
          displayName: '新同事',
          password: 'Staff#Strong2026x',
          phone: '13812340000',
          departmentCode: 'TY-RSJ',
          regionCode: '140100',
          roles: ['handler'],
        },
      });
      expect(failed.statusCode).toBe(500);
      await sql`drop trigger at_rest_fail on account`.execute(deps.db);

      const wanted = [...needles(today), '13812340000'];
      // Tables: every text and jsonb column of every table.
      const stored = await everyStoredText(deps.db);
      const found = stored.flatMap(([where, v]) =>
        wanted.filter((x) => v.includes(x)).map((x) => `${where}: ${x}`),
      );
      expect(found).toEqual([]);
      // The search finds what is there: the employer's 统一社会信用代码 (not personal) is stored as text.
      const employer = DEMO_ACCOUNTS.find((a) => a.kind === 'employer')!.loginName;
      expect(stored.some(([, v]) => v.includes(employer))).toBe(true);
      expect(stored.some(([where, v]) => where === 'account.login_name_enc' && v.startsWith('v1:t1:'))).toBe(
        true,
      );

      // Logs: the error is there, without the statement's values.
      const log = logs.join('');
      expect(log).toContain('forced failure for the log test');
      expect(log).not.toContain('scrypt$');
      expect(wanted.filter((x) => log.includes(x))).toEqual([]);

      // Files: PGlite's data folder, byte by byte, once the database is closed (everything flushed).
      if (driver === 'pglite') {
        await app.close();
        await handle!.close();
        handle = undefined;
        const inFiles: string[] = [];
        let sawEmployer = false;
        for await (const f of filesUnder(dataDir!)) {
          const bytes = await readFile(f);
          for (const x of wanted) if (bytes.includes(x, 0, 'latin1')) inFiles.push(`${f}: ${x}`);
          sawEmployer ||= bytes.includes(employer, 0, 'latin1');
        }
        expect(inFiles).toEqual([]);
        expect(sawEmployer).toBe(true);
      }
    });
  });
}
