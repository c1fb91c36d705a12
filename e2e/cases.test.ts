import { shanghaiDate } from '@renshe/domain/dates.ts';
import { creditCodeCheckChar } from '@renshe/domain/ids/credit-code.ts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  DEMO_PASSWORD,
  logIn,
  newContext,
  shoot,
  startWebRig,
  type TestServer,
} from './harness.ts';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[e2e] case browser tests SKIPPED: ${skipReason}`);

const CITIZEN_ID = '140105199003071234';

describe.skipIf(skipReason !== null)(
  `case services in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: 60_000 },
  () => {
    let server: TestServer;
    let browser: Browser;
    let citizen: BrowserContext;
    let staff: BrowserContext;
    let page: Page;
    let caseNumber = '';
    const pageErrors: string[] = [];

    beforeAll(async () => {
      ({ server, browser } = await startWebRig());
      citizen = await newContext(browser, server);
      staff = await newContext(browser, server);
      citizen.setDefaultTimeout(15_000);
      staff.setDefaultTimeout(15_000);
      page = await citizen.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('shows the 工伤认定 guide and applies online', async () => {
      await logIn(page, server.baseUrl, CITIZEN_ID);
      await page.getByRole('link', { name: '办事指南' }).click();
      await page.getByTestId('matters').getByText('工伤认定', { exact: true }).click();
      const guide = page.getByTestId('guide');
      await guide.getByText('受理条件').waitFor();
      for (const text of ['共享获取', '申请人提供', '法定办结时限', '60日', '工伤保险条例第二十条第一款']) {
        expect(await guide.getByText(text).first().isVisible(), text).toBe(true);
      }
      await guide.getByText('《工伤保险条例》第十七条至第二十条').waitFor();
      // The applicant-provided required materials are ticked; leave the diagnosis out to get a notice.
      const apply = page.getByTestId('apply');
      const form = apply.getByRole('checkbox', { name: /工伤认定申请表/ });
      const diagnosis = apply.getByRole('checkbox', { name: /医疗诊断证明/ });
      expect(await form.isChecked()).toBe(true);
      expect(await diagnosis.isChecked()).toBe(true);
      await shoot(page, 'case-guide');
      await diagnosis.uncheck();

      await apply.getByRole('button', { name: '提交申请' }).click();
      await page.waitForURL(/\/cases\/[\d-]+$/);
      caseNumber = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
      // Server and browser share one "now" (RENSHE_TEST_NOW): the number carries the server's date, and the
      // page's clock is within a minute of the server's.
      const serverNow = server.now();
      if (serverNow) {
        expect(caseNumber).toContain(`-${shanghaiDate(serverNow).replaceAll('-', '')}-`);
        const browserNow = await page.evaluate(() => Date.now());
        expect(Math.abs(browserNow - serverNow.getTime())).toBeLessThan(60_000);
      }
      await page.getByTestId('case-state').getByText('待受理审查').waitFor();
      expect(await page.getByTestId('case-number').innerText()).toBe(caseNumber);
      const materials = page.getByTestId('materials');
      await materials.getByText('缺少').waitFor();
      expect(await materials.getByText('共享获取').count()).toBe(2);
      expect(await page.getByTestId('timeline').getByText('提交申请').isVisible()).toBe(true);
    });

    it('lists the case under 我的办件', async () => {
      await page.goto(`${server.baseUrl}/cases`);
      await page.getByText(caseNumber).waitFor();
      // The state label comes with the matter's guide, a request after the list's.
      await page.getByText('待受理审查').first().waitFor();
    });

    it('lets ty_gs find it in the inbox and issue a one-time notice', async () => {
      const s = await staff.newPage();
      s.on('pageerror', (e) => pageErrors.push(e.message));
      await logIn(s, server.baseUrl, 'ty_gs');
      await s.getByRole('link', { name: '待办件' }).click();
      const inbox = s.getByTestId('inbox');
      await inbox.getByText(caseNumber).waitFor();
      expect(await inbox.getByText('工伤认定').first().isVisible()).toBe(true);
      await shoot(s, 'case-inbox');

      await inbox.getByRole('link', { name: caseNumber }).click();
      await s.getByTestId('case-state').getByText('待受理审查').waitFor();
      const actions = s.getByTestId('actions');
      await actions.getByRole('button', { name: '一次性告知补正' }).waitFor();
      await actions.getByLabel('办理意见').fill('缺少医疗诊断证明，请一次性补正');
      await actions.getByRole('button', { name: '一次性告知补正' }).click();

      await s.getByTestId('case-state').getByText('待补正（已一次性告知）').waitFor();
      const timeline = s.getByTestId('timeline');
      await timeline.getByText('缺少医疗诊断证明，请一次性补正').waitFor();
      await timeline.getByText('太原市人社局工伤保险科').waitFor();
      const notice = s.getByTestId('one-time-notice');
      await notice.getByText(/医疗诊断证明/).waitFor();
      // The correction notice is a PDF the stage links to.
      const href = await timeline.getByTestId('notice-2').getAttribute('href');
      expect(href).toBe(`/api/v1/cases/${caseNumber}/notices/2`);
      const pdf = await s.request.get(`${server.baseUrl}${href}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toContain('application/pdf');
      await s.reload(); // the page as it loads, without the success toast
      await s.getByTestId('case-state').getByText('待补正（已一次性告知）').waitFor();
      await s.getByTestId('timeline').getByTestId('notice-2').waitFor();
      await shoot(s, 'case-page');
      await s.close();
    });

    it('shows the stages on the public progress page', async () => {
      await page.goto(`${server.baseUrl}/progress`);
      await page.getByLabel('办件编号').fill(caseNumber);
      await page.getByLabel('申请人证件号码').fill(CITIZEN_ID);
      await page.getByRole('button', { name: '查询' }).click();
      const result = page.getByTestId('progress-result');
      await result.getByText('待补正（已一次性告知）').first().waitFor();
      const timeline = result.getByTestId('timeline');
      expect(await timeline.getByText('提交申请').isVisible()).toBe(true);
      expect(await timeline.getByText('一次性告知补正').isVisible()).toBe(true);
      expect(await result.getByTestId('one-time-notice').innerText()).toContain('医疗诊断证明');
      await shoot(page, 'case-progress');
      expect(pageErrors).toEqual([]);
    });

    it('pages the inbox: the total of all open cases, and the newest case on the second page', async () => {
      // An employer files 24 more through the API (an employer may file many in an hour; a citizen 20).
      const unit = await newContext(browser, server);
      const creditCode = `91140100MA0K00001${creditCodeCheckChar('91140100MA0K00001')}`;
      const login = await unit.request.post(`${server.baseUrl}/api/v1/auth/login`, {
        data: { loginName: creditCode, password: DEMO_PASSWORD },
      });
      expect(login.status()).toBe(200);
      let newest = '';
      for (let i = 0; i < 24; i++) {
        const r = await unit.request.post(`${server.baseUrl}/api/v1/cases`, {
          data: { matter: 'work-injury-recognition', materials: ['application_form'] },
        });
        expect(r.status(), await r.text()).toBe(201);
        newest = (await r.json()).caseNumber;
      }
      await unit.close();

      const s = await staff.newPage();
      s.on('pageerror', (e) => pageErrors.push(e.message));
      await s.goto(`${server.baseUrl}/inbox`);
      await s.getByTestId('inbox-card').getByText('共 25 件').waitFor();
      const rows = s.getByTestId('inbox').locator('tbody tr.ant-table-row');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(20);
      expect(await s.getByTestId('inbox').getByText(newest).count()).toBe(0);
      await s.getByTestId('inbox-card').locator('.ant-pagination-item-2').click();
      await s.getByTestId('inbox').getByRole('link', { name: newest }).waitFor();
      expect(await rows.count()).toBe(5);
      await s.close();
      expect(pageErrors).toEqual([]);
    });
  },
);
