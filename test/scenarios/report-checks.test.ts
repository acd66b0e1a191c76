import { describe, expect, it } from 'vitest';
import { reportHtml } from '../../src/cli/report/html.js';
import { MIN_SEGMENT_W } from '../../src/cli/report/svg.js';
import { findAll, hasClass, parseHtml } from './html.js';
import { HOUR_RUN } from './report-fixture.js';

// An hour of virtual time: a reboot of 3 s must still show, SOFT_DELETED must not look
// like DELETED, and every expect and until step is listed with its result.
const doc = parseHtml(reportHtml([HOUR_RUN]));
const rects = findAll(doc, (e) => e.tag === 'rect' && hasClass(e, 'segment'));
const rowOf = (status: string) => rects.filter((r) => r.attrs['data-status'] === status);

describe('the report of an hour-long run', () => {
  it('draws a 3-second status at least MIN_SEGMENT_W wide, not under the next one', () => {
    const reboot = rowOf('REBOOT');
    expect(reboot).toHaveLength(1);
    const [rect] = reboot;
    expect(Number(rect!.attrs.width)).toBeGreaterThanOrEqual(MIN_SEGMENT_W);
    const row = rects.filter((r) => r.attrs['data-server'] === rect!.attrs['data-server']);
    const at = row.indexOf(rect!);
    const next = row[at + 1]!;
    expect(Number(next.attrs.x)).toBeGreaterThanOrEqual(
      Number(rect!.attrs.x) + Number(rect!.attrs.width) - 0.1,
    );
    // On a plain time scale it would be under a pixel wide.
    expect((3000 / HOUR_RUN.trace.at(-1)!.t) * 760).toBeLessThan(1);
  });

  it('stripes SOFT_DELETED and fills DELETED solid, in the timeline and the legend', () => {
    expect(rowOf('SOFT_DELETED').map((r) => r.attrs.fill)).toEqual([
      'url(#nova-sim-soft-deleted)',
      'url(#nova-sim-soft-deleted)',
    ]);
    expect(new Set(rowOf('DELETED').map((r) => r.attrs.fill))).toEqual(new Set(['#3b3b3b']));
    expect(
      findAll(doc, (e) => e.tag === 'pattern' && e.attrs.id === 'nova-sim-soft-deleted'),
    ).toHaveLength(1);
    const swatch = (status: string) =>
      findAll(doc, (e) => e.tag === 'li' && e.attrs['data-status'] === status)[0]!.children[0]!
        .attrs.style;
    expect(swatch('SOFT_DELETED')).toMatch(/repeating-linear-gradient/);
    expect(swatch('DELETED')).toBe('background:#3b3b3b');
  });

  it('lists every expect check and until step with its result', () => {
    const rows = findAll(doc, (e) => e.tag === 'tr' && hasClass(e, 'check'));
    const expects = HOUR_RUN.trace
      .filter((l) => l.type === 'expect')
      .flatMap((l) => l.checks as unknown[]);
    const untils = HOUR_RUN.trace.filter((l) => l.type === 'until');
    expect(rows).toHaveLength(expects.length + untils.length);
    expect(rows.filter((r) => hasClass(r, 'fail'))).toHaveLength(1);
    const failed = rows.find((r) => hasClass(r, 'fail'))!;
    expect(failed.children.map((c) => c.text)).toEqual([
      '+01:00:29.500',
      '16',
      'expect',
      'server web status',
      '&quot;SHUTOFF&quot;',
      '',
      '✗ failed',
    ]);
    const until = rows.find((r) => r.children[2]!.text === 'until')!;
    expect(until.children[3]!.text).toBe('server web reaches status &quot;ACTIVE&quot;');
    expect(until.children[6]!.text).toBe('✓ held');
  });
});
