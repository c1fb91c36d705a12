import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, newContext, SCREENSHOT_DIR, startWebRig, type TestServer } from './harness.ts';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[e2e] web-shell browser tests SKIPPED: ${skipReason}`);

const PASSWORD = 'Renshe2026';
const DESKTOP = { viewport: { width: 1280, height: 800 } };

/**
 * Checks that nothing sticks out sideways, then saves a screenshot from the page's top into
 * docs/screenshots (overwritten on every run).
 */
async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.mouse.move(0, 0); // no card left hovered
  await page.waitForTimeout(400); // let antd's motion and any smooth scrolling finish
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${name}: page wider than the screen`).toBeLessThanOrEqual(innerWidth);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage });
}

// Buttons are found by a part of their name: antd may leave its (invisible) "loading" icon in a button's
// accessible name for a while after a request.
async function logIn(page: Page, loginName: string, password: string): Promise<void> {
  await page.getByLabel('登录名').fill(loginName);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

describe.skipIf(skipReason !== null)(
  `web shell in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: 60_000 },
  () => {
    let server: TestServer;
    let browser: Browser;
    let phone: BrowserContext;
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      ({ server, browser } = await startWebRig());
      phone = await newContext(browser, server);
      phone.setDefaultTimeout(15_000);
      page = await phone.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
    }, 420_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('serves the Swagger UI at /docs', async () => {
      const res = await fetch(`${server.baseUrl}/docs`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('Swagger UI');
    });

    it('shows the login page in Chinese at /', async () => {
      await page.goto(`${server.baseUrl}/`);
      await expect(page.title()).resolves.toContain('人社一网通办');
      await page.getByRole('button', { name: '登录' }).waitFor();
      expect(await page.getByText('用户登录').isVisible()).toBe(true);
      expect(await page.getByPlaceholder('身份证号 / 统一社会信用代码 / 工作人员账号').isVisible()).toBe(
        true,
      );
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await shoot(page, 'login');
    });

    it('shows the server’s Chinese message for a wrong password', async () => {
      // Another account than the one logged in below, so its attempt counter stays clean.
      await logIn(page, 'ty_sy', 'not-the-password');
      const error = page.getByTestId('login-error');
      await error.waitFor();
      expect(await error.innerText()).toMatch(/账号或密码错误，还可尝试 \d+ 次/);
      await shoot(page, 'login-error', false);
    });

    it('logs in as ty_gs on a phone and shows who I am', async () => {
      await logIn(page, 'ty_gs', PASSWORD);
      await page.getByText('您好，太原工伤科 周经办').waitFor();
      const department = page.getByTestId('department');
      await department.getByText('太原市人社局工伤保险科').waitFor();
      expect(await department.innerText()).toContain('TY-RSJ-GS');
      await page.getByTestId('region').getByText('山西省 / 太原市').waitFor();
      expect(await page.getByTestId('current-user').innerText()).toContain('太原工伤科 周经办');
      expect(await page.getByText('工作人员', { exact: true }).first().isVisible()).toBe(true);
      // The admin-only tool is not offered to staff.
      expect(await page.getByRole('link', { name: '审计链校验' }).count()).toBe(0);
      await shoot(page, 'home');
    });

    it('reports the failing checksum in the ID tool', async () => {
      await page.getByRole('link', { name: '证件校验' }).click();
      await page.getByLabel('号码').fill('140105199003071230');
      await page.getByRole('button', { name: '校验' }).click();
      const failure = page.getByTestId('id-failure');
      await failure.waitFor();
      const text = await failure.innerText();
      expect(text).toContain('校验');
      expect(text).toContain('第 18 位应为“4”');
      expect(await page.getByText('ID_NUMBER_CHECKSUM').isVisible()).toBe(true);
      await shoot(page, 'id-check');

      await page.getByLabel('号码').fill('140105199003071234');
      await page.getByRole('button', { name: '校验' }).click();
      await page.getByText('校验通过').waitFor();
      const result = page.getByTestId('id-result');
      await result.getByText('1990-03-07').waitFor();
      await result.getByText('山西省 / 太原市 / 小店区').waitFor();
      expect(await result.getByText('男', { exact: true }).isVisible()).toBe(true);
    });

    it('shows 2024-02-04 as a make-up workday and counts working days', async () => {
      await page.goto(`${server.baseUrl}/tools/calendar`);
      const input = page.locator('#cal-date');
      await input.waitFor();
      await input.fill('2024-02-04');
      await input.press('Enter');
      const day = page.getByTestId('day-result');
      await day.getByText('2024-02-04 星期日').waitFor();
      expect(await day.getByText('调休上班').first().isVisible()).toBe(true);
      await page
        .getByTestId('covered-years')
        .getByText(/2004–20\d\d/)
        .waitFor();

      await page.getByRole('button', { name: '计算' }).click();
      const after = page.getByTestId('working-days-result');
      await after.waitFor();
      // 2024-02-04 (Sun, make-up workday) + 5 working days = Fri 2024-02-09, the eve of the Spring Festival break.
      expect(await after.innerText()).toContain('2024-02-09');
      await shoot(page, 'calendar');
    });

    it('browses regions and marks non-GB codes', async () => {
      await page.goto(`${server.baseUrl}/tools/regions`);
      await page.locator('[data-code="140100"]').click();
      const detail = page.getByTestId('region-detail');
      await detail.getByText('140100').waitFor();
      await detail.getByText('山西转型综合改革示范区 · 非国标').waitFor();
      await page.getByText('非国标', { exact: true }).first().waitFor(); // tag in the tree
      await shoot(page, 'regions');
    });

    it('logs out', async () => {
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.getByText('用户登录').waitFor();
      expect(await page.getByTestId('current-user').count()).toBe(0);
      const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
      expect(me).toBe(401);
    });

    it('lets an administrator verify the audit chain (desktop)', async () => {
      const desktop = await newContext(browser, server, {
        ...DESKTOP,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      desktop.setDefaultTimeout(15_000);
      try {
        const admin = await desktop.newPage();
        admin.on('pageerror', (e) => pageErrors.push(e.message));
        await admin.goto(`${server.baseUrl}/`);
        await logIn(admin, 'admin', PASSWORD);
        await admin.getByText('您好，系统管理员').waitFor();
        await shoot(admin, 'home-admin-desktop', false);
        await admin.getByRole('link', { name: '审计链校验' }).click();
        await admin.getByRole('button', { name: '开始校验' }).click();
        const result = admin.getByTestId('audit-result');
        await result.getByText('审计链完整').waitFor();
        expect(await result.innerText()).toMatch(/共 \d+ 个分区、\d+ 条记录/);
        await shoot(admin, 'audit', false);

        // antd's own texts follow the language switch; our labels too.
        await admin.getByRole('button', { name: '切换为英文' }).click();
        await admin.getByText('Audit chain intact').waitFor();
        expect(await admin.locator('html').getAttribute('lang')).toBe('en');
        await admin.getByRole('button', { name: 'Switch to Chinese' }).click();
        await admin.getByText('审计链完整').waitFor();
      } finally {
        await desktop.close();
      }
    });

    it('raised no uncaught errors in the page', () => {
      expect(pageErrors).toEqual([]);
    });
  },
);
