import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { LocalSms } from '../adapters/sms.ts';
import { DEMO_ACCOUNTS } from '../demo-data.ts';
import { describeEachApp } from '../testing.ts';
import { dispatchOutbox } from './outbox.ts';
import { runDueTimers } from './timers.ts';

const citizen = DEMO_ACCOUNTS.find((a) => a.displayName === '王晓明')!.loginName;
const on = (date: string, time = '09:00') => new Date(`${date}T${time}:00+08:00`);

describeEachApp('durable timers, escalation and the notification outbox', (t) => {
  let caseNumber = '';

  it('plans a warning and the deadline when a case is accepted', async () => {
    t.clock.set(on('2024-09-02'));
    const created = await t.call({
      method: 'POST',
      url: '/api/v1/cases',
      cookie: await t.login(citizen),
      payload: { matter: 'work-injury-recognition', materials: ['application_form', 'medical_diagnosis'] },
    });
    caseNumber = created.json().caseNumber;
    t.clock.set(on('2024-09-06'));
    const accepted = await t.call({
      method: 'POST',
      url: `/api/v1/cases/${caseNumber}/actions`,
      cookie: await t.login('ty_gs'),
      payload: { action: 'accept' },
    });
    expect(accepted.statusCode).toBe(200);
    const timers = await t.deps.db
      .selectFrom('case_timer')
      .select(['kind', 'fire_at'])
      .where('case_number', '=', caseNumber)
      .orderBy('fire_at')
      .execute();
    expect(timers.map((x) => x.kind)).toEqual(['warn', 'due']);
    expect(timers[1]!.fire_at.toISOString()).toBe('2024-11-05T16:00:00.000Z'); // end of 2024-11-05 in Shanghai
  });

  it('fires nothing early, warns at the warning time, escalates once when the limit passes', async () => {
    t.clock.set(on('2024-10-01'));
    expect((await runDueTimers(t.deps)).fired).toBe(0);
    t.clock.set(on('2024-10-25'));
    const warn = await runDueTimers(t.deps);
    expect(warn).toMatchObject({ fired: 1, escalated: 0 });
    t.clock.set(new Date('2024-11-05T16:00:05Z')); // five seconds after the deadline day ends
    const due = await runDueTimers(t.deps);
    expect(due).toMatchObject({ fired: 1, escalated: 1, failedRegions: [] });
    expect((await runDueTimers(t.deps)).fired).toBe(0); // idempotent: nothing left to fire
    const view = (
      await t.call({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, cookie: await t.login(citizen) })
    ).json();
    expect(view.timeline.at(-1)).toMatchObject({ actionLabel: '系统督办：已超过法定办结时限' });
    expect(view.clock).toMatchObject({ overdue: true });
    const escalations = await t.deps.db
      .selectFrom('case_event')
      .select('seq')
      .where('case_number', '=', caseNumber)
      .where('kind', '=', 'escalate')
      .execute();
    expect(escalations).toHaveLength(1);
  });

  it('keeps going in other regions when one region fails', async () => {
    t.clock.set(on('2024-09-02'));
    const other = await t.call({
      method: 'POST',
      url: '/api/v1/cases',
      cookie: await t.login(citizen),
      payload: { matter: 'work-injury-recognition', materials: ['application_form', 'medical_diagnosis'] },
    });
    const no = other.json().caseNumber;
    await t.call({
      method: 'POST',
      url: `/api/v1/cases/${no}/actions`,
      cookie: await t.login('ty_gs'),
      payload: { action: 'accept' },
    });
    // A broken case in another region: its matter version does not exist.
    await sql`insert into case_file (case_number, matter_code, matter_version, applicant_id, region_code, department_code, state, terminal, clock_state, event_count, created_at, updated_at)
              select 'X-1', 'work-injury-recognition', 99, applicant_id, '370811', department_code, 'accepted', false, 'running', 1, now(), now() from case_file where case_number = ${no}`.execute(
      t.deps.db,
    );
    await sql`insert into case_timer (case_number, kind, region_code, fire_at) values ('X-1', 'due', '370811', ${on('2024-09-01')})`.execute(
      t.deps.db,
    );
    t.clock.set(on('2024-12-01'));
    const run = await runDueTimers(t.deps);
    expect(run.failedRegions.map((f) => f.region)).toEqual(['370811']);
    expect(run.escalated).toBe(1); // the Taiyuan case was still escalated
    const failed = await t.deps.db
      .selectFrom('case_timer')
      .select(['attempts', 'last_error'])
      .where('case_number', '=', 'X-1')
      .executeTakeFirstOrThrow();
    expect(failed.attempts).toBe(1);
  });

  it('sends queued SMS through the gateway, retrying with back-off after a failure', async () => {
    const sms = new LocalSms(t.clock);
    sms.failNext(1);
    const first = await dispatchOutbox(t.deps, sms);
    expect(first.failed).toBe(1);
    expect(first.sent).toBeGreaterThan(0);
    const pending = await t.deps.db
      .selectFrom('outbox')
      .select(['next_attempt_at', 'attempts'])
      .where('sent_at', 'is', null)
      .execute();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.next_attempt_at.getTime()).toBeGreaterThan(t.clock.now().getTime());
    t.clock.advance(2 * 60_000);
    const second = await dispatchOutbox(t.deps, sms);
    expect(second).toEqual({ sent: 1, failed: 0 });
    expect(sms.sent.some((m) => m.phone === '13800001234' && m.text.includes('已受理'))).toBe(true);
    expect(sms.sent.some((m) => m.phone === 'dept:TY-RSJ-GS' && m.text.includes('已超过法定办结时限'))).toBe(
      true,
    );
  });
});
