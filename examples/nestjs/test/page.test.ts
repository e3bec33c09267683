import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { Service } from './service.js';

/** Debian's chromium; playwright-core drives it and downloads nothing. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// SCREENSHOT=1 writes the README's screenshot; otherwise it goes to a temporary folder.
const screenshot = process.env.SCREENSHOT
  ? fileURLToPath(new URL('../screenshot.png', import.meta.url))
  : join(mkdtempSync(join(tmpdir(), 'nestjs-page-')), 'screenshot.png');

let browser: Browser | undefined;
let service: Service | undefined;
afterEach(async () => {
  await browser?.close();
  await service?.stop();
});

describe('the page at /', () => {
  it('in headless Chromium: starts a job and its bar reaches 100% with the exact count', async () => {
    service = new Service();
    const url = await service.url();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 720, height: 360 } });
    await page.goto(`${url}/`);
    expect(await page.title()).toBe('doorbell + NestJS: jobs');

    await page.fill('#size', '150');
    await page.fill('#unitMs', '5');
    await page.click('button[type=submit]');
    await page.fill('#size', '3000');
    await page.click('button[type=submit]'); // a second job, still running in the screenshot

    const first = page.locator('li[data-job="1"]');
    await first.and(page.locator('[data-state="finished"]')).waitFor({ timeout: 30_000 });
    expect(await first.locator('output').textContent()).toBe('150 / 150 finished');
    const bar = await first.locator('progress').evaluate((element: { value: number; max: number }) => ({
      value: element.value,
      max: element.max,
    }));
    expect(bar).toEqual({ value: 150, max: 150 });
    await page.locator('li[data-job="2"] output').filter({ hasNotText: /^0 \// }).waitFor();
    await page.screenshot({ path: screenshot });
  });
});
