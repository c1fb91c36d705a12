import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from './demo-data.ts';
import { describeEachApp } from './testing.ts';

const citizenLogin = DEMO_ACCOUNTS.find((a) => a.displayName === '王晓明')!.loginName;

describeEachApp('audit trail', (t) => {
  it('records a staff read of a person with actor, resource and request id, masked', async () => {
    const staff = await t.login('ty_gs');
    const person = await t.deps.db
      .selectFrom('account')
      .select('id')
      .where('login_name', '=', citizenLogin)
      .executeTakeFirstOrThrow();
    const res = await t.call({
      method: 'GET',
      url: `/api/v1/persons/${person.id}`,
      cookie: staff,
      headers: { 'x-request-id': 'audit-read-0001' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().loginName).not.toBe(citizenLogin); // masked for staff
    const row = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('request_id', '=', 'audit-read-0001')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      action: 'person.read',
      actor_kind: 'staff',
      resource_type: 'person',
      resource_id: person.id,
    });
    const dump = JSON.stringify(await t.deps.db.selectFrom('audit_log').selectAll().execute());
    expect(dump).not.toContain(citizenLogin);
  });

  it('a denied read writes nothing; every write so far verifies clean', async () => {
    const other = await t.login('jn_gs');
    const person = await t.deps.db
      .selectFrom('account')
      .select('id')
      .where('login_name', '=', citizenLogin)
      .executeTakeFirstOrThrow();
    const denied = await t.call({
      method: 'GET',
      url: `/api/v1/persons/${person.id}`,
      cookie: other,
      headers: { 'x-request-id': 'audit-deny-0001' },
    });
    expect(denied.statusCode).toBe(403);
    const rows = await t.deps.db
      .selectFrom('audit_log')
      .select('id')
      .where('request_id', '=', 'audit-deny-0001')
      .execute();
    expect(rows).toEqual([]);
    const admin = await t.login('admin');
    const v = await t.call({ method: 'POST', url: '/api/v1/admin/audit/verify', cookie: admin });
    expect(v.json()).toMatchObject({ ok: true });
    expect(v.json().rows).toBeGreaterThan(10);
  });

  it('names the first broken row after tampering', async () => {
    const victim = await t.deps.db
      .selectFrom('audit_log')
      .select(['id', 'partition', 'seq'])
      .where('action', '=', 'account.create')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await sql`alter table audit_log disable trigger audit_log_no_update_delete`.execute(t.deps.db);
    await sql`update audit_log set actor_kind = 'admin' where id = ${victim.id}`.execute(t.deps.db);
    await sql`alter table audit_log enable trigger audit_log_no_update_delete`.execute(t.deps.db);
    const admin = await t.login('admin');
    const v = await t.call({ method: 'POST', url: '/api/v1/admin/audit/verify', cookie: admin });
    expect(v.json()).toMatchObject({
      ok: false,
      firstBreak: { id: victim.id, partition: victim.partition, reason: 'hash_mismatch' },
    });
  });
});
