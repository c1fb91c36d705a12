import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, logIn, newContext, shoot, startWebRig, type TestServer } from './harness.ts';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[e2e] newborn browser test SKIPPED: ${skipReason}`);

const MOTHER = '370802198805124569';
const FATHER = '140105199003071234';
/** Staff of the five agencies and the result each records. */
const AGENCIES = [
  { login: 'ty_zc', matter: '出生医学证明出具', field: '出生医学证明编号', value: 'X140105318' },
  { login: 'ty_cdc', matter: '预防接种证办理', field: '预防接种证编号', value: '1401052026000318' },
  { login: 'ty_gaj', matter: '出生户口登记', field: '新生儿公民身份号码', value: '14010520261113002X' },
  {
    login: 'ty_ybj',
    matter: '城乡居民基本医疗保险参保登记（新生儿）',
    field: '参保登记号',
    value: 'YB140105-000318',
  },
  {
    login: 'ty_rsj',
    matter: '社会保障卡个人零星申领（新生儿）',
    field: '社保卡申领受理号',
    value: 'SBK-140105-000318',
  },
];

describe.skipIf(skipReason !== null)(
  `新生儿出生一件事 in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: 150_000 },
  () => {
    let server: TestServer;
    let browser: Browser;
    let parent: BrowserContext;
    let page: Page;
    let bundleUrl = '';
    const pageErrors: string[] = [];

    beforeAll(async () => {
      ({ server, browser } = await startWebRig({ postgres: true }));
      expect(server.database).toBe('postgres');
      parent = await newContext(browser, server);
      parent.setDefaultTimeout(15_000);
      page = await parent.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('the mother fills one form, sees the eligibility answer and submits', async () => {
      await logIn(page, server.baseUrl, MOTHER);
      await page
        .getByRole('link', { name: /新生儿出生一件事/ })
        .first()
        .click();
      const form = page.getByTestId('newborn');
      await form.getByLabel('新生儿姓名').fill('王小禾');
      await form.getByLabel('母亲公民身份号码').fill(MOTHER);
      await form.getByLabel('父亲公民身份号码').fill(FATHER);
      await form.getByLabel('联系电话（接收办理结果短信）').fill('13900005678');
      await form.getByRole('button', { name: '检查是否符合联办条件' }).click();
      const answer = page.getByTestId('eligibility');
      await answer.getByText('符合联办条件').waitFor();
      expect(await answer.locator('[data-passed="true"]').count()).toBe(5);
      await answer.getByText(/还可申请 80 天/).waitFor();
      await page.getByTestId('parts').getByText('太原市公安局').waitFor();
      await shoot(page, 'newborn-eligibility');
      await page.getByRole('button', { name: '提交联办申请' }).click();
      await page.waitForURL(/\/bundles\/B[\d-]+$/);
      bundleUrl = page.url();
      await page.getByTestId('bundle-status').getByText('办理中').waitFor();
      expect(await page.locator('[data-part]').count()).toBe(5);
      // The agencies' systems confirm receipt asynchronously (the server's dispatcher runs every 5 s).
      for (let i = 0; i < 30 && (await page.locator('[data-status="in_progress"]').count()) < 5; i++) {
        await page.waitForTimeout(1000);
        await page.reload();
        await page.getByTestId('bundle-parts').waitFor();
      }
      expect(await page.locator('[data-status="in_progress"]').count()).toBe(5);
      await shoot(page, 'newborn-submitted');
    });

    it('the staff of each of the five agencies complete their part from their inbox', async () => {
      for (const a of AGENCIES) {
        const ctx = await newContext(browser, server);
        ctx.setDefaultTimeout(30_000); // an issue renders its PDF notice: slow when the suite loads both cores
        const staff = await ctx.newPage();
        staff.on('pageerror', (e) => pageErrors.push(`${a.login}: ${e.message}`));
        await logIn(staff, server.baseUrl, a.login);
        await staff.goto(`${server.baseUrl}/inbox`);
        const row = staff.getByTestId('inbox').locator('tr', { hasText: a.matter }).first();
        await row.locator('a').click();
        await staff.getByTestId('case-state').getByText('已受理，办理中').waitFor();
        const actions = staff.getByTestId('actions');
        await actions.getByLabel('办理意见').fill('经核验，予以办理');
        await actions.getByLabel('办理结果').click();
        await staff.locator('.ant-select-item-option').first().click();
        await actions.getByLabel(a.field).fill(a.value);
        if (a.login === 'ty_gaj') await shoot(staff, 'newborn-agency-case');
        await actions
          .getByRole('button', { name: /出具|办理|受理申领/ })
          .first()
          .click();
        await staff
          .getByRole('dialog')
          .getByRole('button', { name: /出具|办理|受理申领/ })
          .click();
        await staff
          .getByTestId('case-state')
          .getByText('已办结')
          .waitFor()
          .catch(async (e) => {
            // What the page says (an error message, the state it stayed in) makes a failure readable.
            const notices = await staff.locator('.ant-message, .ant-alert, [role="alert"]').allInnerTexts();
            throw new Error(
              `${a.login}: ${e}\n${notices.join('\n')}\n${await staff.getByTestId('case').innerText()}`,
            );
          });
        await ctx.close();
      }
    });

    it('the mother sees the bundle complete with all five results on one timeline', async () => {
      await page.goto(bundleUrl);
      await page.getByTestId('bundle-status').getByText('已全部办结').waitFor();
      for (const a of AGENCIES) await page.getByTestId('bundle-parts').getByText(a.value).waitFor();
      expect(await page.locator('[data-status="done"]').count()).toBe(5);
      await shoot(page, 'newborn-progress');
      expect(pageErrors).toEqual([]);
    });
  },
);
