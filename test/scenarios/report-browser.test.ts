import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { REPORT_HTML } from './report-fixture.js';

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

describe('the HTML report, in Chromium', () => {
  it('draws the timelines, the legend and the charts, fetching nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nova-sim-report-'));
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
