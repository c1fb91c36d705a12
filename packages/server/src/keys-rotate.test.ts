/**
 * Key rotation of personal data at rest (`npm run keys:rotate` → resealPersonalData): after a flow sealed
 * under k1, the rotation with DATA_KEYS=k2,k1 leaves no value under k1, a second run changes nothing, and
 * with k2 alone everything still reads — logins by ID number, bundle forms and results, the agency's
 * delivery, SMS recipients.
 */
import { randomBytes } from 'node:crypto';
import { findAccountByLogin, resealPersonalData } from '@renshe/db';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { agencyDelivery } from './commands/bundles.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-data.ts';
import { loadCatalogues } from './deps.ts';
import {
  createFieldCipher,
  type DataKey,
  parseDataHmacKey,
  parseDataKeyList,
} from './services/field-cipher.ts';
import { protectPersonalData } from './services/personal-data.ts';
import { describeEachApp, type TestApp } from './testing.ts';
import { dispatchAgencies } from './workers/agency-dispatch.ts';
import { dispatchOutbox } from './workers/outbox.ts';

const keyOf = (id: string): DataKey => {
  const r = parseDataKeyList(`${id}:${randomBytes(32).toString('base64')}`);
  if (!r.ok) throw new Error(r.message);
  return r.keys[0]!;
};
const hmacKey = (() => {
  const r = parseDataHmacKey(randomBytes(32).toString('base64'));
  if (!r.ok) throw new Error(r.message);
  return r.key;
})();
const k1 = keyOf('k1');
const k2 = keyOf('k2');
const { matters } = loadCatalogues();
const use = (...keys: DataKey[]) => protectPersonalData(createFieldCipher(keys, hmacKey), matters);
// The app of each run is built (and its demo data sealed) with the cipher in use: k1.
use(k1);

const LIU = DEMO_ACCOUNTS.find((a) => a.displayName === '刘芳')!;
const WANG = DEMO_ACCOUNTS.find((a) => a.displayName === '王晓明')!;
const NEWBORN_ID = '14010520240820002X';

/** How many stored values (any text or jsonb column) carry each prefix. */
async function sealedCount(t: TestApp, prefix: string): Promise<number> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and data_type in ('text', 'jsonb') order by 1, 2`.execute(t.deps.db);
  let n = 0;
  for (const c of columns.rows) {
    const r = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(c.table_name)}
      where ${sql.ref(c.column_name)}::text like ${`%${prefix}%`}`.execute(t.deps.db);
    n += r.rows[0]!.n;
  }
  return n;
}

describeEachApp('keys:rotate', (t) => {
  afterAll(() => use(k1));

  it('re-seals every value under the current key in batches, idempotently; the old key can then go', {
    timeout: 120_000,
  }, async () => {
    const liu = await t.login(LIU.loginName);
    const submitted = await t.call({
      method: 'POST',
      url: '/api/v1/bundles/newborn-birth',
      cookie: liu,
      payload: {
        form: {
          childName: '王小禾',
          motherIdNumber: LIU.loginName,
          fatherIdNumber: WANG.loginName,
          settleWith: 'father',
          phone: LIU.phone,
        },
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const n = submitted.json().bundleNumber as string;
    await dispatchAgencies(t.deps);
    const view = (await t.call({ method: 'GET', url: `/api/v1/bundles/${n}`, cookie: liu })).json();
    const hukou = view.parts.find((p: { matter: string }) => p.matter === 'birth-hukou-registration');
    const matter = (await t.call({ method: 'GET', url: '/api/v1/matters/birth-hukou-registration' })).json();
    const issued = await t.call({
      method: 'POST',
      url: `/api/v1/cases/${hukou.caseNumber}/actions`,
      cookie: await t.login('ty_gaj'),
      payload: {
        action: 'issue',
        outcome: matter.workflow.actions.find((a: { id: string }) => a.id === 'issue').outcomes[0].id,
        opinion: '予以登记',
        data: { citizenIdNumber: NEWBORN_ID },
      },
    });
    expect(issued.statusCode, issued.body).toBe(200);
    const before = await sealedCount(t, 'v1:k1:');
    expect(before).toBeGreaterThan(10);

    use(k2, k1);
    const batches: string[] = [];
    const first = await resealPersonalData(t.deps.db, {
      batchSize: 3,
      progress: (r) => batches.push(r.table),
    });
    expect(first.map((r) => r.table)).toEqual(['account', 'outbox', 'bundle', 'bundle_part', 'case_event']);
    expect(first.reduce((s, r) => s + r.changed, 0)).toBeGreaterThan(0);
    expect(batches.filter((b) => b === 'account').length).toBeGreaterThan(3); // in batches of 3
    expect(await sealedCount(t, 'v1:k1:')).toBe(0);
    expect(await sealedCount(t, 'v1:k2:')).toBeGreaterThan(0);
    const again = await resealPersonalData(t.deps.db);
    expect(again.every((r) => r.changed === 0)).toBe(true);
    expect(again.map((r) => r.examined)).toEqual(first.map((r) => r.examined));

    // k1 removed: everything still reads.
    use(k2);
    const cookie = await t.login(LIU.loginName, DEMO_PASSWORD);
    const after = (await t.call({ method: 'GET', url: `/api/v1/bundles/${n}`, cookie })).json();
    expect(
      after.parts.find((p: { matter: string }) => p.matter === 'birth-hukou-registration').result[0].value,
    ).toBe(NEWBORN_ID);
    expect((await findAccountByLogin(t.deps.db, WANG.loginName))?.phone).toBe(WANG.phone);
    expect((await agencyDelivery(t.deps.db, hukou.caseNumber)).form).toMatchObject({
      motherIdNumber: LIU.loginName,
      phone: LIU.phone,
    });
    const sent: string[] = [];
    await dispatchOutbox(t.deps, {
      send: async (phone: string) => ({ messageId: String(sent.push(phone)) }),
    });
    expect(sent).toContain(LIU.phone);
  });
});
