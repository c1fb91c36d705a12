import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, logIn, newContext, shoot, startWebRig, type TestServer } from './harness.ts';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[e2e] commitment browser test SKIPPED: ${skipReason}`);

const APPLICANT = '370802198805124569';

describe.skipIf(skipReason !== null)(
  `告知承诺 in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: 60_000 },
  () => {
    let server: TestServer;
    let browser: Browser;
    let caseUrl = '';
    const pageErrors: string[] = [];

    beforeAll(async () => {
      ({ server, browser } = await startWebRig());
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('the applicant signs the commitment instead of a proof, in another city', async () => {
      const ctx = await newContext(browser, server);
      ctx.setDefaultTimeout(25_000);
      const page = await ctx.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await logIn(page, server.baseUrl, APPLICANT);
      await page.goto(`${server.baseUrl}/matters/personal-insurance-registration`);
      const apply = page.getByTestId('apply');
      await apply.getByLabel('办理地（经办机构）').click();
      await page.locator('.ant-select-item-option', { hasText: '太原市人力资源和社会保障局' }).click();
      const commitment = apply.getByTestId('commitment');
      await commitment.getByRole('checkbox', { name: /参保地户籍或在参保地就业情况证明/ }).check();
      await commitment.getByText(/本人承诺：本人在参保地有户籍或者已在参保地就业/).waitFor();
      await apply.getByRole('button', { name: '提交申请' }).click();
      await apply.getByText('请签署承诺书（输入本人姓名）').waitFor();
      await commitment.getByLabel('承诺人签名（输入本人姓名）').fill('刘芳');
      await shoot(page, 'commitment-apply');
      await apply.getByRole('button', { name: '提交申请' }).click();
      await page.waitForURL(/\/cases\/[\d-]+$/);
      caseUrl = page.url();
      const signed = page.getByTestId('commitment');
      await signed.getByText('刘芳').waitFor();
      expect(await page.getByTestId('materials').getByText('告知承诺').count()).toBeGreaterThan(0);
      await ctx.close();
    });

    it('staff register it; the verification finds the commitment false and revokes the registration', async () => {
      const ctx = await newContext(browser, server);
      ctx.setDefaultTimeout(25_000);
      const s = await ctx.newPage();
      s.on('pageerror', (e) => pageErrors.push(e.message));
      await logIn(s, server.baseUrl, 'ty_rsj');
      await s.goto(caseUrl);
      const actions = s.getByTestId('actions');
      await actions.getByRole('button', { name: '受理', exact: true }).click();
      await s.getByTestId('case-state').getByText('已受理（核验查重）').waitFor();
      await actions.getByLabel('办理意见').fill('经审查，予以登记');
      await actions.getByLabel('办理结果').click();
      await s.locator('.ant-select-item-option', { hasText: '已登记' }).click();
      await actions.getByRole('button', { name: '办理参保登记' }).click();
      await s.getByRole('dialog').getByRole('button', { name: '办理参保登记' }).click();
      await s
        .getByTestId('case-state')
        .getByText('已办结')
        .waitFor()
        .catch(async (e) => {
          throw new Error(`${e}\n${await s.getByTestId('case').innerText()}`);
        });
      await s.goto(`${server.baseUrl}/inbox`);
      const tasks = s.getByTestId('tasks');
      await tasks.getByText('告知承诺事后核查').waitFor();
      await tasks.getByRole('link').first().click();
      const card = s.getByTestId('tasks');
      await card.getByLabel('核查情况').fill('经核查，申请人在本市既无户籍也无就业记录。');
      await shoot(s, 'commitment-verification');
      await card.getByRole('button', { name: '核查：承诺不实，撤销结果' }).click();
      await s.getByRole('dialog').getByRole('button', { name: '核查：承诺不实，撤销结果' }).click();
      await s.getByTestId('case-state').getByText('核查发现承诺不实，已撤销').waitFor();
      const href = await s
        .getByTestId('timeline')
        .locator('a[href*="/notices/"]')
        .last()
        .getAttribute('href');
      const pdf = await s.request.get(`${server.baseUrl}${href}`);
      expect(pdf.status()).toBe(200);
      expect(decodeURIComponent(pdf.headers()['content-disposition'] ?? '')).toContain(
        '撤销个人参保登记决定书',
      );
      await ctx.close();
      expect(pageErrors).toEqual([]);
    });
  },
);
