/**
 * 「预计」 deadlines in Chromium: with the server's today pinned to 2026-12-18 (RENSHE_TEST_NOW), a case
 * accepted that day runs 10 working days into 2027, a year whose State Council holiday notice is not loaded, so
 * its deadline is estimated: 12-21…12-31 are 9 working days, 2027-01-01 is 元旦, 2027-01-04 the 10th — shown
 * 「预计」 on the case page and in the inbox. The administrator then loads a 2027 arrangement on the calendar
 * page (checked first: problems listed, then a preview of the deadlines it moves), and the case shows the
 * recomputed deadline without 「预计」 and the change on its timeline.
 */
import { CORRECTED_2027 } from '@renshe/domain/calendar/fixture-2027.testing.ts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  logIn,
  newContext,
  PHONE_CONTEXT,
  shoot,
  startWebRig,
  type TestServer,
} from './harness.ts';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[e2e] calendar browser test SKIPPED: ${skipReason}`);

const APPLICANT = '370802198805124569'; // 刘芳

describe.skipIf(skipReason !== null)(
  `「预计」 deadlines and loading a year's holiday notice in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: 90_000 },
  () => {
    let server: TestServer;
    let browser: Browser;
    let caseNumber = '';
    const pageErrors: string[] = [];

    beforeAll(async () => {
      ({ server, browser } = await startWebRig({
        postgres: true,
        env: { RENSHE_TEST_NOW: '2026-12-18T09:00:00+08:00' },
      }));
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    /**
     * shoot() compares the page with window.innerWidth, which a mobile Chromium widens to fit what sticks out;
     * this holds the page to the phone's 375 px.
     */
    async function shootPhone(page: Page, name: string): Promise<void> {
      await shoot(page, name);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${name}: wider than the phone`).toBeLessThanOrEqual(PHONE_CONTEXT.viewport.width);
    }

    async function pageAs(loginName: string): Promise<Page> {
      const ctx = await newContext(browser, server);
      ctx.setDefaultTimeout(25_000);
      const page = await ctx.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await logIn(page, server.baseUrl, loginName);
      return page;
    }

    it('a case accepted on 2026-12-18 shows the deadline 2027-01-04 as 「预计」, with the reason', async () => {
      const citizen = await pageAs(APPLICANT);
      await citizen.goto(`${server.baseUrl}/matters/personal-insurance-registration`);
      const apply = citizen.getByTestId('apply');
      await apply.getByLabel('办理地（经办机构）').click();
      await citizen.locator('.ant-select-item-option', { hasText: '太原市人力资源和社会保障局' }).click();
      // Not registered in 太原, she signs the commitment instead of the proof (as in commitment.test.ts).
      const commitment = apply.getByTestId('commitment');
      await commitment.getByRole('checkbox', { name: /参保地户籍或在参保地就业情况证明/ }).check();
      await commitment.getByLabel('承诺人签名（输入本人姓名）').fill('刘芳');
      await apply.getByRole('button', { name: '提交申请' }).click();
      await citizen.waitForURL(/\/cases\/[\d-]+$/);
      caseNumber = decodeURIComponent(new URL(citizen.url()).pathname.split('/').pop()!);
      expect(caseNumber).toContain('-20261218-');
      await citizen.context().close();

      const staff = await pageAs('ty_rsj');
      await staff.goto(`${server.baseUrl}/cases/${caseNumber}`);
      await staff.getByTestId('actions').getByRole('button', { name: '受理', exact: true }).click();
      await staff
        .getByTestId('case-state')
        .getByText('已受理（核验查重）')
        .waitFor()
        .catch(async (e) => {
          throw new Error(`${e}\n${await staff.getByTestId('case').innerText()}`);
        });
      await staff.reload(); // the deadline as stored, and no 「已办理」 toast over the screenshot
      const clock = staff.getByTestId('clock').first();
      await clock.getByText('2027-01-04').waitFor();
      expect(await clock.getByTestId('clock-provisional').innerText()).toBe('预计');
      expect(await clock.getByTestId('clock-provisional-note').innerText()).toContain(
        '2027 年国务院办公厅节假日安排通知尚未导入',
      );
      await shootPhone(staff, 'case-provisional');

      await staff.goto(`${server.baseUrl}/inbox`);
      const row = staff.getByTestId('inbox').locator('tr', { hasText: caseNumber });
      await row.getByText('2027-01-04').waitFor();
      expect(await row.getByTestId('deadline-provisional').innerText()).toBe('预计');
      await staff.getByTestId('provisional-hint').waitFor();
      await shootPhone(staff, 'inbox-provisional');
      await staff.context().close();
    });

    it('the administrator checks a 2027 notice, previews the deadlines it moves and loads it', async () => {
      const admin = await pageAs('admin');
      await admin.goto(`${server.baseUrl}/tools/calendar?date=2027-01-04`);
      const day = admin.getByTestId('day-result');
      await day.getByText('2027-01-04 星期一').waitFor();
      await day.getByTestId('day-provisional').waitFor();
      const years = admin.getByTestId('calendar-years');
      await years.getByTestId('provisional-years').getByText('2027–2029').waitFor();
      await years.locator('[data-year="2027"]').getByTestId('year-provisional').waitFor();

      const section = admin.getByTestId('calendar-import');
      await section.getByLabel('年度').fill('2027');
      const json = section.getByLabel('放假安排 JSON');
      // Only 元旦: refused, every missing statutory day named.
      await json.fill(
        JSON.stringify({ restDays: ['2027-01-01'], makeupWorkdays: [], source: CORRECTED_2027.source }),
      );
      await section.getByRole('button', { name: '校验并预览' }).click();
      const problems = section.getByTestId('import-problems');
      await problems.getByText('2027 年放假安排未通过校验').waitFor();
      expect(await problems.getByText(/缺少法定节假日/).count()).toBeGreaterThanOrEqual(6);
      await shootPhone(admin, 'calendar-import-problems');

      // The corrected notice from a file, read in the browser.
      await section.locator('input[type="file"]').setInputFiles({
        name: 'notice-2027.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(CORRECTED_2027, null, 2)),
      });
      await section.getByText('已读取文件 notice-2027.json').waitFor();
      expect(await json.inputValue()).toContain('虚构更正');
      await section.getByRole('button', { name: '校验并预览' }).click();
      const preview = section.getByTestId('import-preview');
      await preview.getByText('预览：2027 年放假安排校验通过，尚未导入').waitFor();
      const change = preview.getByTestId('import-changes').locator('tr', { hasText: caseNumber });
      await change.waitFor();
      expect((await change.innerText()).replace(/\s+/g, '')).toContain('2027-01-04（预计）→2027-01-05');
      expect(await change.getByRole('link', { name: caseNumber }).getAttribute('href')).toBe(
        `/cases/${caseNumber}`,
      );
      await shootPhone(admin, 'calendar-preview');

      await preview.getByRole('button', { name: '确认导入' }).click();
      const result = section.getByTestId('import-result');
      await result.getByText('已导入 2027 年放假安排').waitFor();
      await result.getByTestId('import-changes').locator('tr', { hasText: caseNumber }).waitFor();
      // The page now answers 2027 from the notice: 2027-01-04 is a rest day, no longer 「预计」.
      await years
        .getByTestId('covered-years')
        .getByText(/2004–2027/)
        .waitFor();
      await years.locator('[data-year="2027"]').getByText('已导入通知').waitFor();
      await day.getByText('休息日').first().waitFor();
      expect(await day.getByTestId('day-provisional').count()).toBe(0);
      await shootPhone(admin, 'calendar-imported');
      await admin.context().close();
    });

    it('the case shows the recomputed deadline 2027-01-05, no longer 「预计」, and the change on its timeline', async () => {
      const staff = await pageAs('ty_rsj');
      await staff.goto(`${server.baseUrl}/cases/${caseNumber}`);
      const clock = staff.getByTestId('clock').first();
      await clock.getByText('2027-01-05').waitFor();
      expect(await staff.getByTestId('clock-provisional').count()).toBe(0);
      const timeline = staff.getByTestId('timeline');
      await timeline.getByText('工作日历更新：办理时限重新计算').waitFor();
      expect(await timeline.innerText()).toContain('2027-01-05');
      await shootPhone(staff, 'case-recomputed');

      await staff.goto(`${server.baseUrl}/inbox`);
      const row = staff.getByTestId('inbox').locator('tr', { hasText: caseNumber });
      await row.getByText('2027-01-05').waitFor();
      expect(await row.getByTestId('deadline-provisional').count()).toBe(0);
      await staff.context().close();
      expect(pageErrors).toEqual([]);
    });
  },
);
