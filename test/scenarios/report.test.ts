import { describe, expect, it } from 'vitest';
import { reportHtml } from '../../src/cli/report/html.js';
import { runModel } from '../../src/cli/report/model.js';
import { findAll, hasClass, parseHtml } from './html.js';
import { REPORT_FILES, REPORT_HTML, REPORT_RUNS } from './report-fixture.js';

const files = REPORT_FILES;
const runs = REPORT_RUNS;
const html = REPORT_HTML;

describe('the HTML report, read in Node', { timeout: 30_000 }, () => {
  const doc = parseHtml(html);
  const sections = findAll(doc, (e) => e.tag === 'section' && hasClass(e, 'run'));

  it('is well-formed and has a section per run', () => {
    expect(sections.map((s) => s.attrs['data-file'])).toEqual(files);
  });

  it('draws every server as a row of status-coloured rects', () => {
    runs.forEach((run, i) => {
      const model = runModel(run);
      const svg = findAll(sections[i]!, (e) => e.tag === 'svg' && hasClass(e, 'timeline'));
      expect(svg).toHaveLength(1);
      for (const server of model.servers) {
        const rects = findAll(
          svg[0]!,
          (e) => e.tag === 'rect' && e.attrs['data-server'] === server.id,
        );
        expect(rects.length, server.name).toBeGreaterThan(0);
        expect(rects.map((r) => r.attrs['data-status'])).toEqual(
          server.segments.map((s) => s.status),
        );
        for (const rect of rects) {
          expect(Number(rect.attrs.width)).toBeGreaterThan(0);
          expect(rect.attrs.fill).toMatch(/^#[0-9a-f]{6}$|^url\(#nova-sim-soft-deleted\)$/);
        }
      }
    });
  });

  it('has a status legend with the statuses drawn', () => {
    const legend = findAll(sections[0]!, (e) => e.tag === 'ul' && hasClass(e, 'legend'))[0]!;
    const statuses = legend.children.map((li) => li.attrs['data-status']);
    expect(statuses).toEqual([
      'ACTIVE',
      'BUILD',
      'DELETED',
      'PAUSED',
      'REBOOT',
      'REBUILD',
      'SHUTOFF',
    ]);
  });

  it('charts each host and lists every request with its code', () => {
    const charts = findAll(sections[0]!, (e) => e.tag === 'svg' && hasClass(e, 'host-chart'));
    expect(charts.map((c) => c.attrs['data-host'])).toEqual([
      'compute-1',
      'compute-2',
      'compute-3',
    ]);
    for (const chart of charts) {
      expect(findAll(chart, (e) => e.tag === 'path' && hasClass(e, 'vcpus'))).toHaveLength(1);
    }
    const table = findAll(sections[0]!, (e) => e.tag === 'table' && hasClass(e, 'requests'))[0]!;
    const rows = findAll(table, (e) => e.tag === 'tbody')[0]!.children;
    const requests = runs[0]!.trace.filter((line) => line.type === 'request');
    expect(rows).toHaveLength(requests.length);
    expect(rows.map((row) => Number(row.children[5]!.text))).toEqual(requests.map((r) => r.code));
  });

  it('loads nothing from anywhere: no src, no links, a strict CSP', () => {
    expect(findAll(doc, (e) => 'src' in e.attrs || e.tag === 'link')).toEqual([]);
    expect(findAll(doc, (e) => 'href' in e.attrs)).toEqual([]);
    // Only a fragment: the striped fill of SOFT_DELETED, defined on the page itself.
    expect(html).not.toMatch(/url\((?!#nova-sim-soft-deleted\))|@import/);
    const csp = findAll(
      doc,
      (e) => e.tag === 'meta' && e.attrs['http-equiv'] === 'Content-Security-Policy',
    );
    expect(csp[0]?.attrs.content).toMatch(/^default-src 'none'/);
  });

  it('shows failures', () => {
    const failed = reportHtml([
      {
        ...runs[0]!,
        ok: false,
        failures: [
          {
            file: 'x.json',
            step: 3,
            kind: 'expect',
            pointer: '/steps/3/expect/status',
            message: 'server web-1 status',
            expected: '"ACTIVE"',
            found: 'ERROR',
            t: 0,
          },
        ],
      },
    ]);
    const failures = findAll(parseHtml(failed), (e) => e.tag === 'div' && hasClass(e, 'failure'));
    expect(failures).toHaveLength(1);
  });
});
