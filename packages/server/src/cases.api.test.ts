import { expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from './demo-data.ts';
import { extract, norm } from './notices/pdf-text.testing.ts';
import { describeEachApp } from './testing.ts';

const citizen = DEMO_ACCOUNTS.find((a) => a.displayName === '王晓明')!.loginName;
const on = (date: string, time = '09:00') => new Date(`${date}T${time}:00+08:00`);

describeEachApp('cases API: 工伤认定 from application to delivery', (t) => {
  let caseNumber = '';
  // Logs in afresh for every action: the test clock jumps weeks ahead between steps (sessions last 12 h).
  const act = async (who: string, body: object) =>
    t.call({
      method: 'POST',
      url: `/api/v1/cases/${caseNumber}/actions`,
      cookie: await t.login(who),
      payload: body,
    });

  it('submits once per idempotency key, fetching shared materials instead of asking', async () => {
    t.clock.set(on('2024-09-02'));
    const me = await t.login(citizen);
    const submit = () =>
      t.call({
        method: 'POST',
        url: '/api/v1/cases',
        cookie: me,
        headers: { 'idempotency-key': 'wi-app-0001' },
        payload: { matter: 'work-injury-recognition', materials: ['application_form'] },
      });
    const results = await Promise.all([submit(), submit(), submit(), submit()]);
    const numbers = new Set(results.map((r) => r.json().caseNumber));
    expect(numbers.size).toBe(1);
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    caseNumber = [...numbers][0] as string;
    expect(caseNumber).toMatch(/^140100-20240902-\d{6}-\d{6}$/);
    const view = (await t.call({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, cookie: me })).json();
    expect(view.stateLabel).toBe('待受理审查');
    const identity = view.materials.find((m: { id: string }) => m.id === 'identity');
    expect(identity).toMatchObject({ status: 'on_file', via: 'shared' });
    expect(identity.evidence).not.toContain(citizen); // masked evidence
    expect(view.materials.find((m: { id: string }) => m.id === 'medical_diagnosis').status).toBe('missing');
  });

  it('sends one one-time notice; a second that adds an item is refused', async () => {
    t.clock.set(on('2024-09-03'));
    const accept = await act('ty_gs', { action: 'accept' });
    expect(accept.statusCode).toBe(400);
    expect(accept.json().error.code).toBe('MATERIALS_INCOMPLETE');
    const notice = await act('ty_gs', { action: 'request_correction', opinion: '请补正医疗诊断证明' });
    expect(notice.statusCode).toBe(200);
    expect(notice.json().oneTimeNotice.missing).toEqual([
      { id: 'medical_diagnosis', name: expect.stringContaining('医疗诊断证明') },
    ]);
    t.clock.set(on('2024-09-05'));
    expect(
      (
        await act(citizen, {
          action: 'supplement',
          materials: [{ id: 'medical_diagnosis', via: 'applicant' }],
        })
      ).statusCode,
    ).toBe(200);
    const pdf = await t.call({
      method: 'GET',
      url: `/api/v1/cases/${caseNumber}/notices/2`,
      cookie: await t.login(citizen),
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await extract(pdf.rawPayload)).text;
    for (const phrase of [
      '补正材料通知书（一次性告知书）',
      '王晓明',
      '医疗诊断证明',
      caseNumber,
      '2024年9月3日',
      '不再另行要求补正',
    ]) {
      expect(text).toContain(norm(phrase));
    }
    const none = await t.call({
      method: 'GET',
      url: `/api/v1/cases/${caseNumber}/notices/1`,
      cookie: await t.login(citizen),
    });
    expect(none.json().error.code).toBe('NOTICE_NOT_FOUND');
    const second = await act('ty_gs', {
      action: 'request_correction',
      inadequate: ['labour_relation_proof'],
      opinion: '再补',
    });
    expect(second.statusCode).toBe(400);
    expect(second.json().error.code).toBe('ONE_TIME_NOTICE_VIOLATION');
  });

  it('accepts, shows the deadline in the inbox, pauses across National Day and decides on time', async () => {
    t.clock.set(on('2024-09-06'));
    const intake = await t.login('ty_gs');
    const accepted = await act('ty_gs', { action: 'accept', expectedSeq: 3 });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().clock).toMatchObject({ state: 'running', deadline: '2024-11-05', limit: '60日' });
    const inbox = (await t.call({ method: 'GET', url: '/api/v1/inbox', cookie: intake })).json();
    expect(inbox.items.find((c: { caseNumber: string }) => c.caseNumber === caseNumber)).toMatchObject({
      overdue: false,
      deadlineAt: '2024-11-05T16:00:00.000Z',
    });
    const stale = await act('ty_gs', { action: 'notify_evidence', expectedSeq: 3 });
    expect(stale.statusCode).toBe(409);
    expect((await act('ty_gs', { action: 'notify_evidence' })).statusCode).toBe(200);
    expect((await act('ty_gs', { action: 'investigate' })).statusCode).toBe(200);
    t.clock.set(on('2024-09-27'));
    const paused = await act('ty_gs', {
      action: 'suspend',
      opinion: '等待法院判决',
      pause: { reason: '等待司法机关结论' },
    });
    expect(paused.json().clock.state).toBe('paused');
    t.clock.set(on('2024-10-17'));
    const resumed = await act('ty_gs', { action: 'resume' });
    expect(resumed.json().clock).toMatchObject({
      state: 'running',
      totalPausedUnits: 20,
      deadline: '2024-11-25',
    });
    const wrongRole = await act('ty_gs', { action: 'decide', outcome: 'recognized', opinion: 'x' });
    // 工伤科 staff hold intake and handler; the decision is the reviewer's (no fallback role).
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json().error.code).toBe('FORBIDDEN');
    t.clock.set(on('2024-10-21'));
    const decided = await act('ty_kz', {
      action: 'decide',
      outcome: 'recognized',
      opinion: '符合第十四条第（一）项',
    });
    expect(decided.json()).toMatchObject({
      stateLabel: '已作出认定决定（待送达）',
      outcome: { id: 'recognized' },
    });
  });

  it('counts the case in the supervisor view: closed on time', async () => {
    t.clock.set(on('2024-10-22'));
    expect((await act('ty_gs', { action: 'deliver' })).json().terminal).toBe(true);
    const res = await t.call({
      method: 'GET',
      url: '/api/v1/supervision?region=140100',
      cookie: await t.login('ty_kz'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().totals).toMatchObject({ closed: 1, closedOnTime: 1, onTimeRate: 1 });
    expect(res.json().rows).toContainEqual(
      expect.objectContaining({ matter: 'work-injury-recognition', state: 'delivered', closed: 1 }),
    );
  });

  it('takes one rating after closure; a bad one opens a follow-up with its own deadline', async () => {
    t.clock.set(on('2024-10-23'));
    const rate = (score: number) =>
      t.call({
        method: 'POST',
        url: `/api/v1/cases/${caseNumber}/rating`,
        cookie: '',
        payload: { score, comment: '等待时间长' },
      });
    const me = await t.login(citizen);
    const bad = await t.call({
      method: 'POST',
      url: `/api/v1/cases/${caseNumber}/rating`,
      cookie: me,
      payload: { score: 2, comment: '等待时间长' },
    });
    expect(bad.statusCode).toBe(201);
    expect(bad.json().followUpDue).toBe('2024-11-13'); // 15 working days from 2024-10-23
    const again = await t.call({
      method: 'POST',
      url: `/api/v1/cases/${caseNumber}/rating`,
      cookie: me,
      payload: { score: 5 },
    });
    expect(again.json().error.code).toBe('RATING_EXISTS');
    expect((await rate(5)).statusCode).toBe(401);
    const closed = await t.call({
      method: 'POST',
      url: `/api/v1/cases/${caseNumber}/rating/follow-up`,
      cookie: await t.login('ty_gs'),
      payload: { note: '已电话回访并说明中止原因' },
    });
    expect(closed.json()).toEqual({ onTime: true });
  });

  it('lets the applicant follow progress publicly by case number and ID number, and hides it from others', async () => {
    const ok = await t.call({
      method: 'GET',
      url: `/api/v1/progress?caseNumber=${caseNumber}&idNumber=${citizen}`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().timeline.map((s: { actionLabel: string }) => s.actionLabel)).toContain('中止认定');
    expect(ok.json().timeline.find((s: { actionLabel: string }) => s.actionLabel === '受理').handler).toBe(
      '太原市人社局工伤保险科',
    );
    const wrong = await t.call({
      method: 'GET',
      url: `/api/v1/progress?caseNumber=${caseNumber}&idNumber=11010519491231002X`,
    });
    expect(wrong.statusCode).toBe(404);
    const other = await t.login('jn_gs');
    expect(
      (await t.call({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, cookie: other })).statusCode,
    ).toBe(403);
  });

  it('shows a 60-day clock reaching 2027 (no notice loaded) as a provisional deadline, with the reason', async () => {
    t.clock.set(on('2026-12-01'));
    const me = await t.login(citizen);
    const created = await t.call({
      method: 'POST',
      url: '/api/v1/cases',
      cookie: me,
      payload: { matter: 'work-injury-recognition', materials: ['application_form', 'medical_diagnosis'] },
    });
    const no = created.json().caseNumber;
    const intake = await t.login('ty_gs');
    const accepted = await t.call({
      method: 'POST',
      url: `/api/v1/cases/${no}/actions`,
      cookie: intake,
      payload: { action: 'accept' },
    });
    expect(accepted.statusCode).toBe(200);
    // 2026-12-01 + 60 日 = 2027-01-30, a Saturday: moved to Monday 2027-02-01 (民法典 §203), as estimated.
    expect(accepted.json().clock).toMatchObject({ deadline: '2027-02-01', provisional: true });
    expect(accepted.json().clock.provisionalNote).toContain('2027');
    expect(accepted.json().clockProblem).toBeUndefined();
  });
});
