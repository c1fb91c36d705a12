/**
 * 新生儿"出生一件事" over the API: each eligibility condition passing and failing with its reason, the
 * 90-day boundary, the merged form's validation, fan-out to five agencies through the outbox, the agencies'
 * answers (accept, reject, pending + callback, time-out and recovery without losing or doubling a sub-case),
 * partial fallback, results attached to the parent, idempotent submission under concurrency, and concurrent
 * submissions written together (group commit) with every row and a sound audit chain.
 */
import { verifyAuditChains } from '@renshe/db';
import { addDays } from '@renshe/domain/dates.ts';
import { beforeEach, expect, it } from 'vitest';
import { LocalAgencyGateway } from './adapters/agency-gateway.ts';
import { LocalCivilRegistries, type RegistryData } from './adapters/civil-registries.ts';
import { bundleWriterStats } from './commands/bundles.ts';
import { DEMO_ACCOUNTS, demoRegistryData } from './demo-data.ts';
import { describeEachApp, type TestApp } from './testing.ts';
import { dispatchAgencies } from './workers/agency-dispatch.ts';

const WANG = DEMO_ACCOUNTS.find((a) => a.displayName === '王晓明')!.loginName;
const LIU = DEMO_ACCOUNTS.find((a) => a.displayName === '刘芳')!.loginName;
const TODAY = '2024-09-02';
const BIRTH = '2024-08-20';
const on = (date: string, time = '09:00') => new Date(`${date}T${time}:00+08:00`);
const FORM = {
  childName: '王小禾',
  motherIdNumber: LIU,
  fatherIdNumber: WANG,
  settleWith: 'father',
  phone: '13900005678',
};
/** The agency staff who handle each part, and a valid result for it. */
const PARTS: Record<string, { staff: string; dept: string; data: Record<string, string> }> = {
  'birth-medical-certificate': {
    staff: 'ty_zc',
    dept: 'TY-WJW-ZC',
    data: { certificateNumber: 'X140105318' },
  },
  'vaccination-certificate': {
    staff: 'ty_cdc',
    dept: 'TY-WJW-CDC',
    data: { certificateNumber: '1401052024000318' },
  },
  'birth-hukou-registration': {
    staff: 'ty_gaj',
    dept: 'TY-GAJ',
    data: { citizenIdNumber: '14010520240820002X' },
  },
  'resident-medical-insurance-enrolment': {
    staff: 'ty_ybj',
    dept: 'TY-YBJ',
    data: { enrolmentNumber: 'YB140105-000318' },
  },
  'social-security-card-application': {
    staff: 'ty_rsj',
    dept: 'TY-RSJ',
    data: { applicationNumber: 'SBK-140105-000318' },
  },
};

let data: RegistryData;
let gateway: LocalAgencyGateway;
/** Birth records of the same parents on the same day (one per test that files a bundle; 多胞胎 in effect). */
const RECORDS = ['SXFY-2026-000318', ...Array.from({ length: 7 }, (_, i) => `SXFY-2024-10${i}`)];
function freshRegistry(): RegistryData {
  const d = demoRegistryData(TODAY);
  d.births[0]!.birthDate = BIRTH;
  for (const recordNumber of RECORDS.slice(1)) d.births.push({ ...d.births[0]!, recordNumber });
  return d;
}
let nextRecord = 0;
const adapters = () => {
  data = freshRegistry();
  nextRecord = 0;
  gateway = new LocalAgencyGateway();
  return { registries: new LocalCivilRegistries(data), agencies: gateway };
};

async function precheck(t: TestApp, form: Record<string, string> = FORM, who = LIU) {
  return t.call({
    method: 'POST',
    url: '/api/v1/bundles/newborn-birth/precheck',
    cookie: await t.login(who),
    payload: { form },
  });
}

/** Files a bundle for the next unused birth record (one bundle per birth). */
async function submit(t: TestApp, extra: Record<string, unknown> = {}, key?: string) {
  const record = RECORDS[nextRecord++ % RECORDS.length]!;
  const res = await t.call({
    method: 'POST',
    url: '/api/v1/bundles/newborn-birth',
    cookie: await t.login(LIU),
    payload: { form: { ...FORM, birthRecordNumber: record }, ...extra },
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });
  return res;
}

async function bundleView(t: TestApp, n: string, who = LIU) {
  const res = await t.call({ method: 'GET', url: `/api/v1/bundles/${n}`, cookie: await t.login(who) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function issue(t: TestApp, caseNumber: string, matter: string) {
  const p = PARTS[matter]!;
  const res = await t.call({
    method: 'POST',
    url: `/api/v1/cases/${caseNumber}/actions`,
    cookie: await t.login(p.staff),
    payload: {
      action: 'issue',
      outcome: (await outcomeOf(t, caseNumber, p.staff))!,
      opinion: '经核验，予以办理',
      data: p.data,
    },
  });
  expect(res.statusCode, `${matter}: ${res.body}`).toBe(200);
  return res.json();
}

async function outcomeOf(t: TestApp, caseNumber: string, staff: string) {
  const v = (
    await t.call({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, cookie: await t.login(staff) })
  ).json();
  const matter = (await t.call({ method: 'GET', url: `/api/v1/matters/${v.matter.code}` })).json();
  return matter.workflow.actions.find((a: { id: string }) => a.id === 'issue').outcomes[0].id as string;
}

describeEachApp(
  '出生一件事: eligibility pre-check',
  (t) => {
    beforeEach(() => {
      t.clock.set(on(TODAY));
      Object.assign(data, freshRegistry());
    });
    const failed = async (form = FORM) => {
      const res = await precheck(t, form);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      return {
        body,
        failed: body.conditions
          .filter((c: { passed: boolean }) => !c.passed)
          .map((c: { id: string }) => c.id),
      };
    };

    it('passes every condition with what was found, and states the days left', async () => {
      const { body, failed: f } = await failed();
      expect(f).toEqual([]);
      expect(body).toMatchObject({ eligible: true, lastDay: '2024-11-18', daysLeft: 77 });
      expect(body.conditions.map((c: { reason: string }) => c.reason)).toEqual([
        '山西省妇幼保健院出生（出生信息 SXFY-2026-000318）',
        '父母于 2020-05-20 在太原市小店区民政局婚姻登记处登记结婚',
        '出生于 2024-08-20，可申请至 2024-11-18，还剩 77 天',
        '父亲为本省户籍，身份信息齐全',
        '随父亲落户：太原市小店区坞城路 88 号（家庭户）',
      ]);
      expect(body.parts.map((p: { department: string }) => p.department)).toEqual([
        '山西省妇幼保健院（助产机构）',
        '太原市疾病预防控制中心（预防接种）',
        '太原市公安局',
        '太原市医疗保障局',
        '太原市人力资源和社会保障局',
      ]);
    });

    it('limits each account to 20 registry checks an hour (pre-checks and refused applications), from the audit rows', async () => {
      t.clock.set(on('2024-12-30', '10:00'));
      for (let i = 0; i < 20; i++) expect((await precheck(t)).statusCode).toBe(200);
      t.clock.set(on('2024-12-30', '10:30'));
      const over = await precheck(t);
      expect(over.statusCode).toBe(429);
      expect(over.json().error).toMatchObject({
        code: 'PRECHECK_THROTTLED',
        details: { limit: 20, retryAfterSeconds: 1800 },
      });
      expect(over.headers['retry-after']).toBe('1800');
      // Another account is not held back; and an hour after the first, the first account may go on.
      expect((await precheck(t, FORM, WANG)).statusCode).toBe(200);
      t.clock.set(on('2024-12-30', '11:00'));
      expect((await precheck(t)).statusCode).toBe(200);
      // A refused application answers with what the registries hold: it counts, and past the limit it is
      // refused only as throttled.
      const refusedApplication = async () =>
        t.call({
          method: 'POST',
          url: '/api/v1/bundles/newborn-birth',
          cookie: await t.login(LIU),
          payload: { form: FORM }, // by 2024-12-30 the 90 days have run out
        });
      for (let i = 0; i < 18; i++) expect((await precheck(t)).statusCode).toBe(200);
      expect((await refusedApplication()).json().error.code).toBe('BUNDLE_NOT_ELIGIBLE');
      expect((await precheck(t)).json().error.code).toBe('PRECHECK_THROTTLED');
      const again = await refusedApplication();
      expect(again.statusCode).toBe(429);
      expect(again.json().error.code).toBe('PRECHECK_THROTTLED');
    });

    it('fails a birth outside a Shanxi midwifery institution, naming it and what to do instead', async () => {
      data.births[0]!.institution = { code: 'JNFY', name: '济宁市妇幼保健院', regionCode: '370811' };
      const { body, failed: f } = await failed();
      expect(f).toEqual(['born_in_institution']);
      const c = body.conditions[0];
      expect(c.reason).toBe('出生机构「济宁市妇幼保健院」不在本省');
      expect(c.instead).toContain('单个事项办理');
    });

    it('fails without a marriage registration, or with one after the birth', async () => {
      data.marriages = [];
      expect((await failed()).failed).toEqual(['in_wedlock']);
      data.marriages = [{ partners: [WANG, LIU], registeredOn: '2024-08-21', office: '太原市小店区民政局' }];
      const { body } = await failed();
      expect(body.conditions[1].reason).toBe('父母结婚登记日期 2024-08-21 晚于出生日期');
    });

    it('counts 90 days from the day after birth: day 90 passes, day 91 fails', async () => {
      t.clock.set(on(addDays(BIRTH, 90), '23:59'));
      const last = await failed();
      expect(last.failed).toEqual([]);
      expect(last.body.daysLeft).toBe(0);
      t.clock.set(on(addDays(BIRTH, 91), '00:01'));
      const late = await failed();
      expect(late.failed).toEqual(['within_90_days']);
      expect(late.body.conditions[2].reason).toBe('出生于 2024-08-20，已超过 90 天（截至 2024-11-18）');
      expect(late.body.daysLeft).toBe(-1);
    });

    it('needs one parent with Shanxi hukou and complete identity', async () => {
      data.persons[0]!.identityComplete = false;
      expect((await failed()).body.conditions[3]).toMatchObject({
        passed: false,
        reason: '本省户籍一方身份信息不齐全',
      });
      data.persons[0]!.identityComplete = true;
      data.persons[0]!.hukouRegionCode = '370811';
      data.households[0]!.regionCode = '370811';
      const { body, failed: f } = await failed();
      expect(f).toEqual(['parent_hukou', 'settle_household']);
      expect(body.conditions[3].reason).toBe('父母双方均非本省户籍');
    });

    it('needs an in-province family household of the parent the child settles with', async () => {
      data.households[0]!.kind = 'collective';
      expect((await failed()).body.conditions[4].reason).toBe('父亲的户口为集体户，不能随其落家庭户');
      data.households[0]!.kind = 'family';
      const withMother = await failed({ ...FORM, settleWith: 'mother' });
      expect(withMother.failed).toEqual(['settle_household']);
      expect(withMother.body.conditions[4].reason).toBe('母亲的户口不在本省（济宁市任城区共青团路 12 号）');
    });

    it('fails every birth-dependent condition when no birth record is found', async () => {
      data.births = [];
      const { failed: f } = await failed();
      // Without a record naming both parents the father's registry data is not read either.
      expect(f).toEqual([
        'born_in_institution',
        'in_wedlock',
        'within_90_days',
        'parent_hukou',
        'settle_household',
      ]);
    });

    it('reads nothing about a parent the birth record does not name', async () => {
      // The record names another father: 王晓明 learns nothing about 刘芳's births, address or marriage.
      for (const b of data.births) b.fatherIdNumber = '11010519491231002X';
      const res = await precheck(t, { ...FORM, settleWith: 'mother' }, WANG);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ eligible: false, birth: null, household: null });
      expect(JSON.stringify(body)).not.toContain('济宁');
      expect(JSON.stringify(body)).not.toContain('2020-05-20');
    });

    it('validates the merged form field by field, naming the failed ID check', async () => {
      const res = await precheck(t, { ...FORM, fatherIdNumber: `${WANG.slice(0, 17)}0`, phone: '123' });
      expect(res.statusCode).toBe(400);
      const err = res.json().error;
      expect(err.code).toBe('BUNDLE_FORM_INVALID');
      expect(err.details.problems.map((p: { field: string }) => p.field)).toEqual([
        'fatherIdNumber',
        'phone',
      ]);
      expect(err.details.problems[0].message).toContain('校验码');
    });

    it('lets only a parent apply, and refuses to submit when a condition fails', async () => {
      const stranger = await precheck(
        t,
        { ...FORM, motherIdNumber: WANG, fatherIdNumber: '11010519491231002X' },
        LIU,
      );
      expect(stranger.json().error.code).toBe('BUNDLE_NOT_PARENT');
      data.marriages = [];
      const res = await submit(t);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'BUNDLE_NOT_ELIGIBLE' });
      expect(res.json().error.details.failed.map((c: { id: string }) => c.id)).toEqual(['in_wedlock']);
      expect(await t.deps.db.selectFrom('bundle').select('bundle_number').execute()).toEqual([]);
    });
  },
  adapters,
);

describeEachApp(
  '出生一件事: fan-out, agency answers, results, partial fallback',
  (t) => {
    beforeEach(() => {
      t.clock.set(on(TODAY));
    });

    it('creates one parent and five sub-cases in five inboxes; all complete with five results', async () => {
      const res = await submit(t);
      expect(res.statusCode, res.body).toBe(201);
      const n = res.json().bundleNumber;
      let v = await bundleView(t, n);
      expect(v.status).toBe('in_progress');
      expect(v.parts.map((p: { status: string }) => p.status)).toEqual(Array(5).fill('dispatching'));
      expect(v.evidence).toEqual(expect.arrayContaining([expect.stringMatching(/^birth_records#SXFY/)]));
      const agencyRows = await t.deps.db
        .selectFrom('outbox')
        .select(['recipient', 'body'])
        .where('channel', '=', 'agency')
        .execute();
      // The queued message is only a reference: no parent's ID number waits in the outbox.
      for (const r of agencyRows) expect(r.body).not.toMatch(/\d{17}[\dX]/);
      expect(agencyRows.map((r) => r.recipient).sort()).toEqual(
        Object.values(PARTS)
          .map((p) => p.dept)
          .sort(),
      );

      expect(await dispatchAgencies(t.deps)).toEqual({ delivered: 5, pending: 0, failed: 0 });
      // The agency received the part's form fields, built from the sub-case at delivery.
      const received = [...gateway.received.values()].find((r) => r.matter === 'birth-hukou-registration')!;
      expect(received.form).toMatchObject({ childName: '王小禾', motherIdNumber: LIU, settleWith: 'father' });
      v = await bundleView(t, n);
      expect(
        v.parts.every(
          (p: { delivery: string; status: string }) =>
            p.delivery === 'confirmed' && p.status === 'in_progress',
        ),
      ).toBe(true);

      for (const part of v.parts) {
        const inbox = (
          await t.call({
            method: 'GET',
            url: '/api/v1/inbox',
            cookie: await t.login(PARTS[part.matter]!.staff),
          })
        ).json();
        expect(inbox.items.map((c: { caseNumber: string }) => c.caseNumber)).toContain(part.caseNumber);
      }
      t.clock.set(on('2024-09-03'));
      for (const part of v.parts) await issue(t, part.caseNumber, part.matter);
      v = await bundleView(t, n);
      expect(v.status).toBe('completed');
      expect(v.parts.map((p: { result: { value: string }[] }) => p.result[0]!.value)).toEqual(
        v.parts.map((p: { matter: string }) => Object.values(PARTS[p.matter]!.data)[0]),
      );
      // Staff following the bundle see the child's identity number masked; the parents see it whole.
      const hukou = (view: { parts: { matter: string; result: { value: string }[] }[] }) =>
        view.parts.find((p) => p.matter === 'birth-hukou-registration')!.result[0]!.value;
      expect(hukou(v)).toBe('14010520240820002X');
      expect(hukou(await bundleView(t, n, 'ty_xzsp'))).toBe('140***********002X');
      // One timeline across the five parts, oldest first: submit, system accept and issue for each.
      expect(v.timeline).toHaveLength(15);
      const sms = await t.deps.db.selectFrom('outbox').select('body').where('ref', '=', n).execute();
      expect(sms.map((m) => m.body)).toEqual([
        expect.stringContaining('已提交'),
        expect.stringContaining('已全部办结'),
      ]);
    });

    it('files one bundle per newborn: a second application for the same birth is refused with the first', async () => {
      const first = await submit(t);
      expect(first.statusCode, first.body).toBe(201);
      const again = await t.call({
        method: 'POST',
        url: '/api/v1/bundles/newborn-birth',
        cookie: await t.login(WANG),
        payload: { form: { ...FORM, birthRecordNumber: RECORDS[nextRecord - 1] } },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({
        code: 'BUNDLE_EXISTS',
        details: { bundleNumber: first.json().bundleNumber },
      });
    });

    it('an agency rejecting its part ends that part only; the rest completes with an exception', async () => {
      gateway.answer('TY-YBJ', 'reject');
      const n = (await submit(t)).json().bundleNumber;
      await dispatchAgencies(t.deps);
      let v = await bundleView(t, n);
      const rejected = v.parts.find(
        (p: { matter: string }) => p.matter === 'resident-medical-insurance-enrolment',
      );
      expect(rejected).toMatchObject({ delivery: 'rejected', status: 'rejected', stateLabel: '不予受理' });
      for (const part of v.parts.filter((p: { status: string }) => p.status === 'in_progress'))
        await issue(t, part.caseNumber, part.matter);
      v = await bundleView(t, n);
      expect(v.status).toBe('completed_with_exceptions');
      expect(v.timeline.some((e: { opinion?: string }) => e.opinion?.includes('核验不通过'))).toBe(true);
      gateway.answer('TY-YBJ', 'accept');
    });

    it('an agency system that times out is retried with back-off and confirms once, nothing doubled', async () => {
      gateway.breakNext('TY-GAJ', 2, 'hang');
      const n = (await submit(t)).json().bundleNumber;
      expect(await dispatchAgencies(t.deps, { timeoutMs: 50 })).toEqual({
        delivered: 4,
        pending: 0,
        failed: 1,
      });
      // Not yet due again (30 s back-off); then the second attempt hangs too; the third is answered.
      expect(await dispatchAgencies(t.deps, { timeoutMs: 50 })).toEqual({
        delivered: 0,
        pending: 0,
        failed: 0,
      });
      t.clock.set(new Date(on(TODAY).getTime() + 31_000));
      expect(await dispatchAgencies(t.deps, { timeoutMs: 50 })).toEqual({
        delivered: 0,
        pending: 0,
        failed: 1,
      });
      t.clock.set(new Date(on(TODAY).getTime() + 31_000 + 61_000));
      expect(await dispatchAgencies(t.deps, { timeoutMs: 50 })).toEqual({
        delivered: 1,
        pending: 0,
        failed: 0,
      });
      const v = await bundleView(t, n);
      const hukou = v.parts.find((p: { matter: string }) => p.matter === 'birth-hukou-registration');
      expect(hukou).toMatchObject({ delivery: 'confirmed', status: 'in_progress' });
      expect([...gateway.received.values()].filter((r) => r.caseNumber === hukou.caseNumber)).toHaveLength(1);
      const accepts = await t.deps.db
        .selectFrom('case_event')
        .select('seq')
        .where('case_number', '=', hukou.caseNumber)
        .where('kind', '=', 'accept')
        .execute();
      expect(accepts).toHaveLength(1);
      expect(
        await t.deps.db
          .selectFrom('bundle_part')
          .select('case_number')
          .where('bundle_number', '=', n)
          .execute(),
      ).toHaveLength(5);
    });

    it('a pending agency confirms later by callback; a repeated callback changes nothing', async () => {
      gateway.answer('TY-RSJ', 'pending');
      const n = (await submit(t)).json().bundleNumber;
      expect(await dispatchAgencies(t.deps)).toEqual({ delivered: 4, pending: 1, failed: 0 });
      let card = (await bundleView(t, n)).parts.find(
        (p: { matter: string }) => p.matter === 'social-security-card-application',
      );
      expect(card).toMatchObject({ delivery: 'pending', status: 'dispatching' });
      const byParent = await t.call({
        method: 'POST',
        url: `/api/v1/bundle-parts/${card.caseNumber}/confirmation`,
        cookie: await t.login(LIU),
        payload: { status: 'accepted', ref: 'X' },
      });
      expect(byParent.statusCode).toBe(403);
      for (let i = 0; i < 2; i++) {
        const cb = await t.call({
          method: 'POST',
          url: `/api/v1/bundle-parts/${card.caseNumber}/confirmation`,
          cookie: await t.login('ty_rsj'),
          payload: { status: 'accepted', ref: 'TY-RSJ-000009' },
        });
        expect(cb.statusCode, cb.body).toBe(200);
      }
      card = (await bundleView(t, n)).parts.find(
        (p: { matter: string }) => p.matter === 'social-security-card-application',
      );
      expect(card).toMatchObject({ delivery: 'confirmed', status: 'in_progress' });
      const events = await t.deps.db
        .selectFrom('case_event')
        .select(['kind', 'actor_id', 'actor_role', 'body'])
        .where('case_number', '=', card.caseNumber)
        .orderBy('seq')
        .execute();
      expect(events.map((e) => e.kind)).toEqual(['submit', 'accept']);
      // The acceptance names the account that sent the callback, acting for the agency's system.
      const staff = await t.deps.db
        .selectFrom('account')
        .select(['id', 'display_name'])
        .where('login_name', '=', 'ty_rsj')
        .executeTakeFirstOrThrow();
      const accept = events[1]!;
      expect(accept).toMatchObject({ actor_id: staff.id, actor_role: 'system' });
      expect((accept.body as { actorName?: string }).actorName).toBe(
        `部门业务系统回执（TY-RSJ-000009），经办 ${staff.display_name}`,
      );
      gateway.answer('TY-RSJ', 'accept');
    });

    it('partial fallback: a part left out at submission or taken out later; the bundle tracks the rest', async () => {
      const n = (await submit(t, { exclude: ['vaccination-certificate'] })).json().bundleNumber;
      await dispatchAgencies(t.deps);
      let v = await bundleView(t, n);
      expect(v.parts.map((p: { matter: string }) => p.matter)).not.toContain('vaccination-certificate');
      const out = await t.call({
        method: 'POST',
        url: `/api/v1/bundles/${n}/parts/social-security-card-application/take-out`,
        cookie: await t.login(LIU),
      });
      expect(out.statusCode, out.body).toBe(200);
      v = out.json();
      expect(
        v.parts.find((p: { matter: string }) => p.matter === 'social-security-card-application').status,
      ).toBe('taken_out');
      for (const part of v.parts.filter((p: { status: string }) => p.status === 'in_progress'))
        await issue(t, part.caseNumber, part.matter);
      v = await bundleView(t, n);
      expect(v.status).toBe('completed');
      const again = await t.call({
        method: 'POST',
        url: `/api/v1/bundles/${n}/parts/birth-hukou-registration/take-out`,
        cookie: await t.login(LIU),
      });
      expect(again.json().error.code).toBe('BUNDLE_PART_FINISHED');
      const byOther = await t.call({
        method: 'POST',
        url: `/api/v1/bundles/${n}/parts/birth-hukou-registration/take-out`,
        cookie: await t.login(WANG),
      });
      // Someone else's bundle answers as one that does not exist (no 403/404 oracle).
      expect(byOther.statusCode).toBe(404);
    });

    it('writes concurrent submissions together, each whole: one transaction, every row, a sound audit chain', async () => {
      const cookie = await t.login(LIU);
      const births = Array.from({ length: 24 }, (_, i) => `SXFY-2024-2${String(i).padStart(2, '0')}`);
      for (const recordNumber of births) data.births.push({ ...data.births[0]!, recordNumber });
      const post = (record: string, key: string) =>
        t.call({
          method: 'POST',
          url: '/api/v1/bundles/newborn-birth',
          cookie,
          payload: { form: { ...FORM, birthRecordNumber: record } },
          headers: { 'idempotency-key': key },
        });
      const batchesBefore = bundleWriterStats(t.deps.db)?.batches ?? 0;
      const [responses, twin] = await Promise.all([
        Promise.all(births.map((b, i) => post(b, `group-commit-${i}`))),
        // The same birth again under another key, in the same rush: refused with the bundle written.
        post(births[5]!, 'group-commit-again'),
      ]);
      const refused = [...responses, twin].filter((r) => r.statusCode === 409);
      expect(refused.map((r) => r.json().error.code)).toEqual(['BUNDLE_EXISTS']);
      const created = [...responses, twin]
        .filter((r) => r.statusCode === 201)
        .map((r) => r.json().bundleNumber);
      expect(new Set(created).size).toBe(24);
      const stats = bundleWriterStats(t.deps.db)!;
      // On a PostgreSQL server, fewer transactions than submissions: batches held several. (Embedded PGlite
      // has one connection: a request's reads wait behind the transaction being written, so each comes alone.)
      if (t.db.driver === 'postgres') {
        expect(stats.batches - batchesBefore).toBeLessThan(25);
        expect(stats.largest).toBeGreaterThan(1);
      } else expect(stats.batches - batchesBefore).toBeLessThanOrEqual(25);
      const parts = await t.deps.db
        .selectFrom('bundle_part')
        .innerJoin('case_file', 'case_file.case_number', 'bundle_part.case_number')
        .select(['bundle_part.bundle_number', 'case_file.case_number'])
        .where('bundle_part.bundle_number', 'in', created)
        .execute();
      expect(parts).toHaveLength(24 * 5);
      const outbox = await t.deps.db
        .selectFrom('outbox')
        .select(['channel'])
        .where('ref', 'in', [...created, ...parts.map((p) => p.case_number)])
        .execute();
      expect(outbox.filter((o) => o.channel === 'agency')).toHaveLength(24 * 5);
      expect(outbox.filter((o) => o.channel === 'sms')).toHaveLength(24);
      const audit = await t.deps.db
        .selectFrom('audit_log')
        .select('resource_id')
        .where('action', '=', 'bundle.create')
        .where('resource_id', 'in', created)
        .execute();
      expect(audit).toHaveLength(24);
      expect((await verifyAuditChains(t.deps.db)).ok).toBe(true);
    }, 60_000);

    it('answers a repeated key with the first bundle, even once the application would no longer pass', async () => {
      const first = await submit(t, {}, 'repeat-after-the-deadline');
      expect(first.statusCode, first.body).toBe(201);
      t.clock.set(on(addDays(BIRTH, 120)));
      const again = (key?: string) =>
        t.call({
          method: 'POST',
          url: '/api/v1/bundles/newborn-birth',
          cookie: cookieOfLiu,
          payload: { form: { ...FORM, birthRecordNumber: RECORDS[(nextRecord - 1) % RECORDS.length] } },
          ...(key ? { headers: { 'idempotency-key': key } } : {}),
        });
      const cookieOfLiu = await t.login(LIU);
      const repeat = await again('repeat-after-the-deadline');
      expect(repeat.statusCode, repeat.body).toBe(200);
      expect(repeat.json()).toEqual({ bundleNumber: first.json().bundleNumber, created: false });
      // Without the key it is a new application, and too late.
      const fresh = await again();
      expect(fresh.json().error.code).toBe('BUNDLE_NOT_ELIGIBLE');
    });

    it('1,000 concurrent submissions with one Idempotency-Key create exactly one bundle', async () => {
      const cookie = await t.login(LIU);
      const key = 'newborn-1000-concurrent';
      const responses = await Promise.all(
        Array.from({ length: 1000 }, () =>
          t.call({
            method: 'POST',
            url: '/api/v1/bundles/newborn-birth',
            cookie,
            payload: { form: { ...FORM, birthRecordNumber: RECORDS.at(-1) } },
            headers: { 'idempotency-key': key },
          }),
        ),
      );
      const statuses = responses.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(999);
      expect(new Set(responses.map((r) => r.json().bundleNumber)).size).toBe(1);
      const n = responses[0]!.json().bundleNumber;
      const rows = await t.deps.db
        .selectFrom('bundle')
        .select('bundle_number')
        .where('idempotency_key', '=', key)
        .execute();
      expect(rows).toEqual([{ bundle_number: n }]);
      expect(
        await t.deps.db
          .selectFrom('bundle_part')
          .select('case_number')
          .where('bundle_number', '=', n)
          .execute(),
      ).toHaveLength(5);
    }, 120_000);
  },
  adapters,
);
