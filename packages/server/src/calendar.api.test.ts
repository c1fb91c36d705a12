import { upsertCalendarYear } from '@renshe/db';
import { chineseDaysAlmanac } from '@renshe/domain/calendar/chinese-days-source.ts';
import { CORRECTED_2027, NOTICE_2027 } from '@renshe/domain/calendar/fixture-2027.testing.ts';
import { provisionalCalendarYear } from '@renshe/domain/calendar/provisional-year.ts';
import { expect, it } from 'vitest';
import { recomputeSettledProvisionalClocks } from './commands/recompute-clocks.ts';
import { DEMO_ACCOUNTS } from './demo-data.ts';
import { extract, norm } from './notices/pdf-text.testing.ts';
import { actOnCase, describeEachApp, filePersonalRegistration, viewCase } from './testing.ts';

const estimateOf = (year: number) => provisionalCalendarYear(year, chineseDaysAlmanac);
const on = (date: string, time = '09:00') => new Date(`${date}T${time}:00+08:00`);
const citizen = DEMO_ACCOUNTS.find((a) => a.displayName === '刘芳')!.loginName;

const act = actOnCase;
const view = viewCase;

describeEachApp('calendar API', (t) => {
  it.each([
    ['2024-02-04', 'makeup_workday', true, false],
    ['2024-10-01', 'statutory_holiday', false, true],
    ['2025-01-26', 'makeup_workday', true, false],
    ['2024-10-05', 'rest_day', false, false],
    ['2005-12-31', 'makeup_workday', true, false],
  ])('answers %s as %s', async (date, kind, isWorkday, isStatutoryHoliday) => {
    const res = await t.call({ method: 'GET', url: `/api/v1/calendar/days/${date}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ date, kind, isWorkday, isStatutoryHoliday, provisional: false });
  });

  it('computes a deadline across the 2024 National Day holiday', async () => {
    const res = await t.call({ method: 'GET', url: '/api/v1/calendar/working-days?from=2024-09-30&days=1' });
    expect(res.json()).toMatchObject({ date: '2024-10-08', provisional: false, provisionalYears: [] });
  });

  it('answers an unloaded year as provisional (200), and still refuses beyond the estimated years', async () => {
    const day = await t.call({ method: 'GET', url: '/api/v1/calendar/days/2027-01-01' });
    expect(day.statusCode).toBe(200);
    expect(day.json()).toMatchObject({ kind: 'statutory_holiday', provisional: true });
    expect(day.json().source).toContain('预计');
    const span = await t.call({
      method: 'GET',
      url: '/api/v1/calendar/working-days?from=2026-12-20&days=10',
    });
    expect(span.json()).toMatchObject({ date: '2027-01-04', provisional: true, provisionalYears: [2027] });
    const years = (await t.call({ method: 'GET', url: '/api/v1/calendar/years' })).json();
    expect(years.provisionalYears).toEqual([2027, 2028, 2029]);
    expect(years.years.find((y: { year: number }) => y.year === 2027).provisional).toBe(true);
    const far = await t.call({ method: 'GET', url: '/api/v1/calendar/days/2031-01-02' });
    expect(far.statusCode).toBe(422);
    expect(far.json().error.code).toBe('CALENDAR_YEAR_NOT_COVERED');
  });

  it('refuses a year holding only 1 January, listing every missing statutory day, and writes nothing', async () => {
    const admin = await t.login('admin');
    const bad = await t.call({
      method: 'PUT',
      url: '/api/v1/admin/calendar/years/2027',
      cookie: admin,
      payload: { restDays: ['2027-01-01'], makeupWorkdays: [], source: NOTICE_2027.source },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('CALENDAR_YEAR_INVALID');
    const problems = bad.json().error.details.problems.map((p: { message: string }) => p.message);
    expect(problems.filter((m: string) => m.startsWith('缺少法定节假日'))).toHaveLength(6);
    const stored = await t.deps.db.selectFrom('calendar_year').select('year').execute();
    expect(stored).toEqual([]);
  });

  it('a case accepted on 2026-12-20 with 10 working days shows a provisional deadline that the notice settles', async () => {
    t.clock.set(on('2026-12-18'));
    const caseNumber = await filePersonalRegistration(t, citizen);
    t.clock.set(on('2026-12-20'));
    await act(t, 'ty_rsj', caseNumber, { action: 'accept' });

    // Estimated: 9 working days in 2026 (12-21…12-31), 2027-01-01 元旦, 2027-01-04 the 10th.
    const before = await view(t, 'ty_rsj', caseNumber);
    expect(before.clock).toMatchObject({ deadline: '2027-01-04', provisional: true });
    expect(before.clock.provisionalNote).toContain('2027 年国务院办公厅节假日安排通知尚未导入');
    expect(before.clockProblem).toBeUndefined();
    const progress = await t.call({
      method: 'GET',
      url: `/api/v1/progress?caseNumber=${caseNumber}&idNumber=${citizen}`,
    });
    expect(progress.json().clock).toMatchObject({ deadline: '2027-01-04', provisional: true });
    const inbox = (
      await t.call({ method: 'GET', url: '/api/v1/inbox', cookie: await t.login('ty_rsj') })
    ).json();
    expect(inbox.items.find((r: { caseNumber: string }) => r.caseNumber === caseNumber)).toMatchObject({
      deadlineAt: '2027-01-04T16:00:00.000Z',
      deadlineProvisional: true,
    });
    const dueTimer = () =>
      t.deps.db
        .selectFrom('case_timer')
        .select('fire_at')
        .where('case_number', '=', caseNumber)
        .where('kind', '=', 'due')
        .where('fired_at', 'is', null)
        .executeTakeFirstOrThrow();
    expect((await dueTimer()).fire_at.toISOString()).toBe('2027-01-04T16:00:00.000Z');
    // The 受理通知书 states the deadline and that it is an estimate.
    const noticeText = async () => {
      const pdf = await t.call({
        method: 'GET',
        url: `/api/v1/cases/${caseNumber}/notices/2`,
        cookie: await t.login(citizen),
      });
      expect(pdf.statusCode).toBe(200);
      return (await extract(pdf.rawPayload)).text;
    };
    expect(await noticeText()).toContain(norm('办结期限至2027年1月4日（预计'));

    // The notice as published keeps 2027-01-04: the deadline is confirmed, and the case says so.
    const admin = await t.login('admin');
    const load = await t.call({
      method: 'PUT',
      url: '/api/v1/admin/calendar/years/2027',
      cookie: admin,
      payload: NOTICE_2027,
    });
    expect(load.statusCode, load.body).toBe(200);
    expect(load.json()).toMatchObject({ dryRun: false, provisionalYears: [2028, 2029, 2030] });
    expect(load.json().recompute.changed).toContainEqual(
      expect.objectContaining({
        caseNumber,
        before: { deadline: '2027-01-04', provisional: true },
        after: { deadline: '2027-01-04', provisional: false },
      }),
    );
    const confirmed = await view(t, 'ty_rsj', caseNumber);
    expect(confirmed.clock).toMatchObject({ deadline: '2027-01-04', provisional: false });
    expect(confirmed.timeline.at(-1)).toMatchObject({ actionLabel: '工作日历更新：办理时限重新计算' });
    expect(confirmed.timeline.at(-1).opinion).toContain('法定办结期限 2027-01-04 已确认（原为预计）');

    // A preview of a correction writes nothing and says what would move.
    const preview = await t.call({
      method: 'PUT',
      url: '/api/v1/admin/calendar/years/2027?dryRun=true',
      cookie: admin,
      payload: CORRECTED_2027,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().recompute.changed).toContainEqual(
      expect.objectContaining({ caseNumber, after: { deadline: '2027-01-05', provisional: false } }),
    );
    expect((await view(t, 'ty_rsj', caseNumber)).timeline).toHaveLength(confirmed.timeline.length);

    // Loading the correction moves the deadline, its timer and the inbox, with the change on the timeline.
    const corrected = await t.call({
      method: 'PUT',
      url: '/api/v1/admin/calendar/years/2027',
      cookie: admin,
      payload: CORRECTED_2027,
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const moved = await view(t, citizen, caseNumber);
    expect(moved.clock).toMatchObject({ deadline: '2027-01-05', provisional: false });
    expect(moved.timeline.at(-1).opinion).toContain('法定办结期限由 2027-01-04 调整为 2027-01-05');
    const settled = await noticeText();
    expect(settled).toContain(norm('办结期限至2027年1月5日'));
    expect(settled).not.toContain(norm('（预计'));
    expect((await dueTimer()).fire_at.toISOString()).toBe('2027-01-05T16:00:00.000Z');
    // Loading the same data again changes nothing more (idempotent).
    const again = await t.call({
      method: 'PUT',
      url: '/api/v1/admin/calendar/years/2027',
      cookie: admin,
      payload: CORRECTED_2027,
    });
    expect(
      again.json().recompute.changed.filter((c: { caseNumber: string }) => c.caseNumber === caseNumber),
    ).toEqual([]);
    expect((await view(t, citizen, caseNumber)).timeline).toHaveLength(moved.timeline.length);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('resource_id', '=', caseNumber)
      .where('action', '=', 'case.calendar_recompute')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('the background sweep finishes a recomputation another process (or a crash) left undone', async () => {
    t.clock.set(on('2027-12-20'));
    const caseNumber = await filePersonalRegistration(t, citizen);
    await act(t, 'ty_rsj', caseNumber, { action: 'accept' });
    // 2027 is loaded by the earlier test; 10 working days from 2027-12-20 reach into 2028, still estimated.
    const before = await view(t, 'ty_rsj', caseNumber);
    expect(before.clock.provisional).toBe(true);
    expect(before.clock.deadline.startsWith('2028-')).toBe(true);
    // Another process stores 2028 (here: straight into the database) and this one only re-reads the calendar.
    const year2028 = {
      ...estimateOf(2028),
      source: '《国务院办公厅关于2028年部分节假日安排的通知》（TEST FIXTURE）',
    };
    await recomputeSettledProvisionalClocks(t.deps); // nothing to do yet; the sweep knows what is stored
    await upsertCalendarYear(t.deps.db, 2028, year2028, 'test');
    expect((await view(t, 'ty_rsj', caseNumber)).timeline.at(-1).actionLabel).not.toContain('工作日历更新');
    // The sweep notices the stored year (no relay, no restart), re-reads the calendar and recomputes.
    const run = await recomputeSettledProvisionalClocks(t.deps);
    expect(t.deps.calendar.current.isProvisional(2028)).toBe(false);
    expect(run?.changed.map((c) => c.caseNumber)).toContain(caseNumber);
    const after = await view(t, 'ty_rsj', caseNumber);
    expect(after.clock).toMatchObject({ deadline: before.clock.deadline, provisional: false });
    expect(after.timeline.at(-1).actionLabel).toBe('工作日历更新：办理时限重新计算');
    // Nothing stale is left: the next sweep does nothing.
    expect(await recomputeSettledProvisionalClocks(t.deps)).toBeNull();
  });

  it('a case that cannot be recomputed is reported and does not stop the others', async () => {
    t.clock.set(on('2028-12-20'));
    const numbers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const caseNumber = await filePersonalRegistration(t, citizen);
      numbers.push(caseNumber);
      await act(t, 'ty_rsj', caseNumber, { action: 'accept' });
    }
    // The first case's matter version disappears (a broken row): its recomputation fails.
    await t.deps.db
      .updateTable('case_file')
      .set({ matter_version: 99 })
      .where('case_number', '=', numbers[0]!)
      .execute();
    await upsertCalendarYear(
      t.deps.db,
      2029,
      { ...estimateOf(2029), source: '《国务院办公厅关于2029年部分节假日安排的通知》（TEST FIXTURE）' },
      'test',
    );
    const run = await recomputeSettledProvisionalClocks(t.deps);
    expect(run?.failed.map((f) => f.caseNumber)).toContain(numbers[0]);
    expect(run?.changed.map((c) => c.caseNumber)).toContain(numbers[1]);
  });

  it('rejects a malformed date with a 400 naming the field', async () => {
    const res = await t.call({ method: 'GET', url: '/api/v1/calendar/days/2024-13-45' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toMatch(/DATE_INVALID|VALIDATION_FAILED/);
  });
});
