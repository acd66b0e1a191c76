// The live view in headless Chromium (Debian's `chromium`): log in with basic auth, watch
// the cloud change under it, and drive the clock, a host and a fault from its buttons.
// vitest.config.ts runs this file only with NOVA_SIM_E2E, like the other browser test.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import { serve } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTEFACTS = fileURLToPath(new URL('../../tmp/artifacts/', import.meta.url));
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe('the live view, in Chromium', () => {
  it('shows the cloud as it changes and drives it from its buttons', async () => {
    const { call, token, server } = await serve({ cloud: { hosts: { count: 2 } } });
    const demo = await token('demo', 'demo', 'demo');
    const create = (name: string) =>
      call('/compute/v2.1/servers', {
        method: 'POST',
        token: demo,
        headers: { 'openstack-api-version': 'compute latest' },
        body: JSON.stringify({
          server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'none' },
        }),
      });
    expect((await create('web-1')).status).toBe(202);
    server.cloud.clock.advance(60_000);

    const dir = tempDir('live');
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
      httpCredentials: { username: 'admin', password: 'admin' },
      viewport: { width: 1200, height: 900 },
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(`${server.endpoints.control}/view`);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.locator('#hosts tr').count()).toBe(2);
      await expect
        .poll(() => page.locator('[data-status="ACTIVE"] .chip').allTextContents())
        .toEqual(['web-1']);
      expect(await page.locator('#clock').textContent()).toMatch(
        /^2026-01-01T00:01:00\.000Z · manual/,
      );
      const claimed = page.locator('#hosts tr', { hasText: 'web-1' });
      expect(await claimed.locator('td').nth(2).textContent()).toMatch(/1\/64$/);

      // The cloud changes outside the page: it shows up without a reload.
      expect((await create('web-2')).status).toBe(202);
      await expect
        .poll(() => page.locator('[data-status="BUILD"] .chip').allTextContents(), {
          timeout: 10_000,
        })
        .toEqual(['web-2']);

      // The buttons: an hour passes, a host goes down, a fault is injected.
      await page.click('button[data-advance="3600"]');
      await expect
        .poll(() => page.locator('#clock').textContent())
        .toMatch(/^2026-01-01T01:01:00\.000Z/);
      await expect
        .poll(() => page.locator('[data-status="ACTIVE"] .chip').allTextContents())
        .toEqual(['web-1', 'web-2']);
      await page.click('button[data-host-action="down"][data-name="compute-1"]');
      await expect
        .poll(() => page.locator('button[data-name="compute-1"]').first().textContent())
        .toBe('up');
      expect(server.cloud.scheduler.getHost('compute-1')?.alive).toBe(false);
      await page.selectOption('#fault-kind', 'build-failure');
      await page.click('#fault');
      await expect.poll(() => page.locator('#requests').textContent()).toContain('/_sim/faults');
      await page.click('#pause');
      await expect.poll(() => server.clock.mode).toBe('realtime');
      expect(await page.locator('#events tr').count()).toBeGreaterThan(5);

      mkdirSync(ARTEFACTS, { recursive: true });
      const shot = join(ARTEFACTS, 'live-view.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
