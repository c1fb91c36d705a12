import { expect, it } from 'vitest';
import { describeEachApp } from './testing.ts';

/** A made-up 2027 calendar (test fixture, not the official notice). */
const FIXTURE_2027 = {
  year: 2027,
  restDays: [
    '2027-01-01',
    '2027-02-05',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-10-01',
    '2027-10-02',
    '2027-10-03',
  ],
  makeupWorkdays: ['2027-02-20'],
  statutoryHolidays: [
    '2027-01-01',
    '2027-02-05',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-10-01',
    '2027-10-02',
    '2027-10-03',
  ],
  source: '测试夹具（非官方）',
};

describeEachApp('calendar API', (t) => {
  it.each([
    ['2024-02-04', 'makeup_workday', true, false],
    ['2024-10-01', 'statutory_holiday', false, true],
    ['2025-01-26', 'makeup_workday', true, false],
    ['2024-10-05', 'rest_day', false, false],
  ])('answers %s as %s', async (date, kind, isWorkday, isStatutoryHoliday) => {
    const res = await t.call({ method: 'GET', url: `/api/v1/calendar/days/${date}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ date, kind, isWorkday, isStatutoryHoliday });
  });

  it('computes a deadline across the 2024 National Day holiday', async () => {
    const res = await t.call({ method: 'GET', url: '/api/v1/calendar/working-days?from=2024-09-30&days=1' });
    expect(res.json().date).toBe('2024-10-08');
  });

  it('refuses 2027 until an administrator loads it, then answers', async () => {
    const before = await t.call({ method: 'GET', url: '/api/v1/calendar/days/2027-01-04' });
    expect(before.statusCode).toBe(422);
    expect(before.json().error.code).toBe('CALENDAR_YEAR_NOT_COVERED');
    const admin = await t.login('admin');
    const bad = await t.call({
      method: 'PUT',
      url: '/api/v1/admin/calendar/years/2027',
      cookie: admin,
      payload: { ...FIXTURE_2027, makeupWorkdays: ['2027-02-22'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('CALENDAR_YEAR_INVALID');
    const load = await t.call({
      method: 'PUT',
      url: '/api/v1/admin/calendar/years/2027',
      cookie: admin,
      payload: FIXTURE_2027,
    });
    expect(load.statusCode).toBe(200);
    expect(load.json().coveredYears).toContain(2027);
    const after = await t.call({ method: 'GET', url: '/api/v1/calendar/days/2027-02-20' });
    expect(after.json()).toMatchObject({ kind: 'makeup_workday', isWorkday: true });
    const stored = await t.deps.db.selectFrom('calendar_year').select('year').execute();
    expect(stored.map((r) => r.year)).toEqual([2027]);
  });

  it('rejects a malformed date with a 400 naming the field', async () => {
    const res = await t.call({ method: 'GET', url: '/api/v1/calendar/days/2024-13-45' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toMatch(/DATE_INVALID|VALIDATION_FAILED/);
  });
});
