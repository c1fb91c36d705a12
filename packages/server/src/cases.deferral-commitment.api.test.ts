/**
 * 容缺受理 and 告知承诺 over the API with the durable timers: deferred materials not handed in by the stage
 * limit end the case by a system action (with its 终止办理告知书); handed in on time, nothing happens. A
 * commitment must be signed; closing with a granted result opens a verification task with its own
 * deadline; a verification that finds the commitment false revokes the result (撤销决定书); an open task past
 * its deadline reminds the department.
 */
import { openText } from '@renshe/db';
import { expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from './demo-data.ts';
import { actOnCase, describeEachApp, viewCase } from './testing.ts';
import { runDueTimers } from './workers/timers.ts';

const employer = DEMO_ACCOUNTS.find((a) => a.kind === 'employer')!.loginName;
/** 刘芳: household registration in 济宁, applying in 太原 — no local 户籍 to share, so she may commit instead. */
const visitor = DEMO_ACCOUNTS.find((a) => a.displayName === '刘芳')!.loginName;
const on = (date: string, time = '09:00') => new Date(`${date}T${time}:00+08:00`);
const SIGNED = { signedBy: '刘芳' };

const act = actOnCase;
const view = viewCase;

describeEachApp('容缺受理: the system ends a case whose deferred materials are late', (t) => {
  async function deferredCase(): Promise<string> {
    t.clock.set(on('2024-09-02'));
    const created = await t.call({
      method: 'POST',
      url: '/api/v1/cases',
      cookie: await t.login(employer),
      payload: {
        matter: 'employer-insurance-change',
        materials: ['application_form', 'arrears_settlement', 'representative_identity'],
        deferred: ['change_evidence'],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const caseNumber = created.json().caseNumber;
    t.clock.set(on('2024-09-03'));
    const accepted = await act(t, 'ty_rsj', caseNumber, {
      action: 'accept_deferred',
      opinion: '主要材料齐全，变更证明文件容缺受理',
    });
    // 5 working days from 2024-09-03 (Tue): 4, 5, 6, 9, 10 September.
    expect(accepted.stageClock).toMatchObject({ deadline: '2024-09-10', state: 'running' });
    return caseNumber;
  }

  it('terminates at the end of the deferral deadline, once, with a termination notice', async () => {
    const caseNumber = await deferredCase();
    const timers = await t.deps.db
      .selectFrom('case_timer')
      .select(['kind', 'fire_at'])
      .where('case_number', '=', caseNumber)
      .where('kind', '=', 'stage')
      .execute();
    expect(timers.map((x) => x.fire_at.toISOString())).toEqual(['2024-09-10T16:00:00.000Z']);

    t.clock.set(on('2024-09-10', '23:59'));
    expect((await runDueTimers(t.deps)).expired).toBe(0);
    t.clock.set(new Date('2024-09-10T16:00:05Z'));
    expect(await runDueTimers(t.deps)).toMatchObject({ expired: 1, failedRegions: [] });
    expect((await runDueTimers(t.deps)).expired).toBe(0);

    const v = await view(t, 'ty_rsj', caseNumber);
    expect(v).toMatchObject({ state: 'terminated', terminal: true });
    const last = v.timeline.at(-1);
    expect(last.actionLabel).toBe('逾期未补齐容缺材料，终止办理');
    expect(last.opinion).toContain('容缺材料逾期未补齐');
    const pdf = await t.call({
      method: 'GET',
      url: `/api/v1/cases/${caseNumber}/notices/${last.seq}`,
      cookie: await t.login(employer),
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(decodeURIComponent(String(pdf.headers['content-disposition']))).toContain('终止办理告知书');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('does nothing when the deferred material is handed in before the deadline', async () => {
    const caseNumber = await deferredCase();
    t.clock.set(on('2024-09-09'));
    const supplemented = await act(t, employer, caseNumber, {
      action: 'supplement_deferred',
      materials: [{ id: 'change_evidence', via: 'applicant' }],
    });
    expect(supplemented.state).toBe('accepted');
    t.clock.set(on('2024-09-12'));
    expect((await runDueTimers(t.deps)).expired).toBe(0);
    expect((await view(t, 'ty_rsj', caseNumber)).state).toBe('accepted');
  });
});

describeEachApp('告知承诺: signature, verification task, revocation', (t) => {
  async function registered(outcome = 'registered'): Promise<string> {
    t.clock.set(on('2024-09-02'));
    const created = await t.call({
      method: 'POST',
      url: '/api/v1/cases',
      cookie: await t.login(visitor),
      payload: {
        matter: 'personal-insurance-registration',
        regionCode: '140105',
        materials: ['registration_form'],
        commitments: ['locality_proof'],
        commitment: SIGNED,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const caseNumber = created.json().caseNumber;
    t.clock.set(on('2024-09-03'));
    await act(t, 'ty_rsj', caseNumber, { action: 'accept' });
    t.clock.set(on('2024-09-04'));
    await act(t, 'ty_rsj', caseNumber, { action: 'decide', outcome, opinion: '经审查，予以登记' });
    return caseNumber;
  }

  it('refuses a commitment that is not signed, and keeps the signed text verbatim', async () => {
    t.clock.set(on('2024-09-02'));
    const unsigned = await t.call({
      method: 'POST',
      url: '/api/v1/cases',
      cookie: await t.login(visitor),
      payload: {
        matter: 'personal-insurance-registration',
        regionCode: '140105',
        materials: ['registration_form'],
        commitments: ['locality_proof'],
      },
    });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json().error).toMatchObject({
      code: 'COMMITMENT_NOT_SIGNED',
      details: { field: 'commitment.signedBy' },
    });
    const caseNumber = await registered();
    const v = await view(t, visitor, caseNumber);
    const matter = (
      await t.call({ method: 'GET', url: '/api/v1/matters/personal-insurance-registration' })
    ).json();
    expect(v.commitment).toMatchObject({
      text: matter.commitment.text,
      signedBy: '刘芳',
      materials: [{ id: 'locality_proof' }],
    });
    expect(v.materials.find((m: { id: string }) => m.id === 'locality_proof').status).toBe('committed');
  });

  it('opens a verification task due 30 days after the result; a false commitment revokes it', async () => {
    const caseNumber = await registered();
    const v = await view(t, 'ty_rsj', caseNumber);
    expect(v.state).toBe('completed');
    // 30 calendar days from 2024-09-04 → 2024-10-04 falls in the National Day holiday: moved to 2024-10-08.
    expect(v.tasks).toMatchObject([
      { kind: 'commitment_verification', dueAt: '2024-10-08T16:00:00.000Z', closedAt: null },
    ]);
    const inbox = (
      await t.call({ method: 'GET', url: '/api/v1/tasks', cookie: await t.login('ty_rsj') })
    ).json();
    expect(inbox.items.map((x: { caseNumber: string }) => x.caseNumber)).toContain(caseNumber);

    const byApplicant = await t.call({
      method: 'POST',
      url: `/api/v1/cases/${caseNumber}/verification`,
      cookie: await t.login(visitor),
      payload: { outcome: 'confirmed', note: '自称属实' },
    });
    expect(byApplicant.statusCode).toBe(403);

    t.clock.set(on('2024-09-20'));
    const found = await t.call({
      method: 'POST',
      url: `/api/v1/cases/${caseNumber}/verification`,
      cookie: await t.login('ty_rsj'),
      payload: { outcome: 'false_commitment', note: '经核查，申请人在本市既无户籍也无就业记录。' },
    });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toEqual({ onTime: true, revoked: true });
    const after = await view(t, visitor, caseNumber);
    expect(after).toMatchObject({ state: 'revoked', terminal: true });
    expect(after.tasks[0]).toMatchObject({ outcome: 'false_commitment', overdue: false });
    const last = after.timeline.at(-1);
    expect(last.actionLabel).toBe('核查发现承诺不实，撤销决定');
    const pdf = await t.call({
      method: 'GET',
      url: `/api/v1/cases/${caseNumber}/notices/${last.seq}`,
      cookie: await t.login(visitor),
    });
    expect(pdf.statusCode).toBe(200);
    expect(decodeURIComponent(String(pdf.headers['content-disposition']))).toContain(
      '撤销个人参保登记决定书',
    );

    const again = await t.call({
      method: 'POST',
      url: `/api/v1/cases/${caseNumber}/verification`,
      cookie: await t.login('ty_rsj'),
      payload: { outcome: 'confirmed', note: '重复提交' },
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('TASK_NOT_FOUND');
  });

  it('a confirmed commitment keeps the result; a refused result opens no task', async () => {
    const kept = await registered();
    t.clock.set(on('2024-09-10'));
    const ok = await t.call({
      method: 'POST',
      url: `/api/v1/cases/${kept}/verification`,
      cookie: await t.login('ty_rsj'),
      payload: { outcome: 'confirmed', note: '经核查，申请人在本市灵活就业，承诺属实。' },
    });
    expect(ok.json()).toEqual({ onTime: true, revoked: false });
    expect((await view(t, visitor, kept)).state).toBe('completed');
    const refused = await registered('not_registered');
    expect((await view(t, visitor, refused)).tasks).toEqual([]);
  });

  it('reminds the department once when a verification passes its deadline', async () => {
    const caseNumber = await registered();
    t.clock.set(new Date('2024-10-08T16:00:05Z'));
    const run = await runDueTimers(t.deps);
    // This case's task and the still-open one of the first test above (same database).
    expect(run).toMatchObject({ tasksOverdue: 2, failedRegions: [] });
    expect((await runDueTimers(t.deps)).tasksOverdue).toBe(0);
    // SMS recipients are sealed at rest: opened to tell the department's from the applicant's.
    const reminders = (
      await t.deps.db
        .selectFrom('outbox')
        .select(['recipient', 'body'])
        .where('ref', '=', caseNumber)
        .where('channel', '=', 'sms')
        .execute()
    ).filter((r) => openText(r.recipient).startsWith('dept:'));
    expect(reminders.map((r) => r.body)).toEqual([expect.stringContaining('告知承诺事后核查已超过期限')]);
    const v = await view(t, 'ty_rsj', caseNumber);
    expect(v.tasks[0]).toMatchObject({ overdue: true, closedAt: null });
  });
});
