import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reportHtml } from '../../src/cli/report/html.js';
import { tempDir } from '../support/temp-dir.js';
import { HOUR_RUN, REPORT_HTML } from './report-fixture.js';

/** Where the screenshot goes: a test artefact, under the repo's ignored tmp/. */
const ARTEFACTS = fileURLToPath(new URL('../../tmp/artifacts/', import.meta.url));

// Headless Chromium from Debian's `chromium` package (apt-get install chromium). Like the
// other end-to-end tests, vitest.config.ts runs this file only with NOVA_SIM_E2E set.
const CHROMIUM = '/usr/bin/chromium';

interface Measured {
  readonly ready: string | undefined;
  readonly runs: readonly {
    readonly rectsPerServer: readonly number[];
    readonly legend: readonly string[];
    readonly charts: number;
    readonly timelineWidth: number | undefined;
  }[];
}

const MEASURE = `(() => {
  const sections = [...document.querySelectorAll('section.run')];
  return {
    ready: document.body.dataset.ready,
    runs: sections.map((section) => ({
      rectsPerServer: [...section.querySelectorAll('svg.timeline g.server-row')].map(
        (row) =>
          [...row.querySelectorAll('rect.segment')].filter(
            (rect) => rect.getBoundingClientRect().width > 0,
          ).length,
      ),
      legend: [...section.querySelectorAll('.legend li')].map((li) => li.textContent),
      charts: section.querySelectorAll('svg.host-chart path.vcpus').length,
      timelineWidth: section.querySelector('svg.timeline')?.getBoundingClientRect().width,
    })),
  };
})()`;

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** How the hour-long run looks: the short status, the two greys, the checks. */
const LOOK = `(() => {
  const seen = (rect) => {
    const box = rect.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return { width: box.width, onTop: hit === rect };
  };
  const fills = (status) => [...document.querySelectorAll('rect.segment[data-status="' + status + '"]')]
    .map((rect) => getComputedStyle(rect).fill);
  return {
    reboot: [...document.querySelectorAll('rect.segment[data-status="REBOOT"]')].map(seen),
    soft: fills('SOFT_DELETED'),
    deleted: fills('DELETED'),
    checks: [...document.querySelectorAll('table.checks tbody tr')].map((row) => ({
      fail: row.classList.contains('fail'),
      visible: row.getBoundingClientRect().height > 0,
      result: row.lastElementChild.textContent,
    })),
  };
})()`;

describe('the HTML report, in Chromium', () => {
  it('keeps a 3-second status visible on an hour, tells SOFT_DELETED from DELETED, shows the checks; screenshot', async () => {
    const dir = tempDir('report');
    const file = join(dir, 'hour.html');
    writeFileSync(file, reportHtml([HOUR_RUN]));
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      args: ARGS,
      viewport: { width: 1100, height: 900 },
    });
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href);
      await page.locator('svg.timeline').scrollIntoViewIfNeeded();
      const look = (await page.evaluate(LOOK)) as {
        reboot: { width: number; onTop: boolean }[];
        soft: string[];
        deleted: string[];
        checks: { fail: boolean; visible: boolean; result: string }[];
      };
      expect(look.reboot).toHaveLength(1);
      expect(look.reboot[0]!.width).toBeGreaterThanOrEqual(3.5);
      expect(look.reboot[0]!.onTop).toBe(true);
      expect(look.soft.length).toBeGreaterThan(0);
      for (const fill of look.soft) expect(fill).toMatch(/^url\("?#nova-sim-soft-deleted"?\)$/);
      for (const fill of look.deleted) expect(fill).toBe('rgb(59, 59, 59)');
      expect(look.checks.length).toBe(7);
      expect(look.checks.every((c) => c.visible)).toBe(true);
      expect(look.checks.filter((c) => c.fail).map((c) => c.result)).toEqual(['✗ failed']);
      mkdirSync(ARTEFACTS, { recursive: true });
      const shot = join(ARTEFACTS, 'report-hour.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('draws the timelines, the legend and the charts, fetching nothing', async () => {
    const dir = tempDir('report');
    const file = join(dir, 'report.html');
    writeFileSync(file, REPORT_HTML);
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await context.newPage();
      const requested: string[] = [];
      const errors: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(pathToFileURL(file).href);
      // Runs in the page (a string: this project compiles without the DOM types).
      const drawn = (await page.evaluate(MEASURE)) as Measured;
      expect(drawn.ready).toBe('true');
      expect(drawn.runs).toHaveLength(2);
      for (const run of drawn.runs) {
        expect(run.rectsPerServer.length).toBeGreaterThan(0);
        for (const count of run.rectsPerServer) expect(count).toBeGreaterThan(0);
        expect(run.legend).toContain('ACTIVE');
        expect(run.charts).toBeGreaterThan(0);
        expect(run.timelineWidth).toBeGreaterThan(500);
      }
      // The legend's script dims a status when clicked.
      await page.click('section.run:first-of-type .legend li[data-status="BUILD"]');
      const dimmed = await page.locator('section.run:first-of-type rect.segment.dim').count();
      expect(dimmed).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      expect(requested).toEqual([pathToFileURL(file).href]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
