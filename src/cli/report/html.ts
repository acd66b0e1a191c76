import { SERVER_STATUSES } from '../../compute/status-map.js';
import { formatDuration, formatOffset } from '../../scenario/duration.js';
import type { ReplayFailure, TraceLine } from '../../scenario/trace.js';
import { STATUS_COLORS } from '../status-colors.js';
import { type RunModel, runModel } from './model.js';
import {
  chartScale,
  escapeXml as esc,
  hostSvg,
  PATTERN_DEFS,
  SOFT_DELETED_SWATCH,
  timelineSvg,
} from './svg.js';

const STYLE = `
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1f23; }
body { margin: 24px; max-width: 1000px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 6px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 14px; margin: 18px 0 6px; color: #444; }
.meta { color: #666; font-size: 13px; }
.ok { color: #2e9e4f; font-weight: 600; }
.failed { color: #d9363e; font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 0; list-style: none; font-size: 12px; }
.legend li { display: flex; align-items: center; gap: 5px; cursor: pointer; user-select: none; }
.legend li.off { opacity: 0.3; }
.swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; }
svg text { font-size: 11px; fill: #333; }
svg .row-detail { fill: #888; font-size: 10px; }
svg .tick { stroke: #e6e6e6; }
svg .tick-label { fill: #888; font-size: 10px; }
svg .segment { stroke: #fff; stroke-width: 0.5; }
svg .segment.dim { opacity: 0.15; }
svg .chart-frame { fill: #fafafa; stroke: #ddd; }
svg .vcpus { fill: rgba(91, 141, 239, 0.35); stroke: #5b8def; stroke-width: 1; }
svg .ram { fill: none; stroke: #e0702b; stroke-width: 1.5; }
.key { font-size: 12px; color: #555; }
.key span { display: inline-block; width: 14px; height: 3px; vertical-align: middle; margin: 0 4px 0 10px; }
table { border-collapse: collapse; font-size: 12px; width: 100%; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
td.t, td.step, td.code { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.path { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
.c2 { color: #2e9e4f; } .c4 { color: #c47f00; } .c5 { color: #d9363e; }
.failure { background: #fdecec; border-left: 4px solid #d9363e; padding: 8px 12px; margin: 8px 0; font-size: 13px; }
.failure code { white-space: pre-wrap; }
input.filter { font-size: 12px; padding: 3px 6px; margin: 4px 0 8px; width: 260px; }
.notes { font-size: 13px; color: #444; padding-left: 18px; }
tr.check.pass td.result { color: #2e9e4f; font-weight: 600; }
tr.check.fail { background: #fdecec; }
tr.check.fail td.result { color: #d9363e; font-weight: 600; }
`;

// Small and self-contained: legend toggles dim a status, the box filters requests.
const SCRIPT = `
(function () {
  document.querySelectorAll('.legend li').forEach(function (item) {
    item.addEventListener('click', function () {
      item.classList.toggle('off');
      var off = item.classList.contains('off');
      document.querySelectorAll('rect.segment[data-status="' + item.dataset.status + '"]')
        .forEach(function (rect) { rect.classList.toggle('dim', off); });
    });
  });
  document.querySelectorAll('input.filter').forEach(function (box) {
    box.addEventListener('input', function () {
      var needle = box.value.toLowerCase();
      var table = document.getElementById(box.dataset.table);
      table.querySelectorAll('tbody tr').forEach(function (row) {
        row.hidden = needle !== '' && row.textContent.toLowerCase().indexOf(needle) < 0;
      });
    });
  });
  document.body.dataset.ready = 'true';
})();
`;

function legend(run: RunModel): string {
  const present = new Set(run.servers.flatMap((s) => s.segments.map((seg) => seg.status)));
  const items = SERVER_STATUSES.filter((status) => present.has(status)).map(
    (status) =>
      `<li data-status="${status}"><span class="swatch" style="background:${status === 'SOFT_DELETED' ? SOFT_DELETED_SWATCH : STATUS_COLORS[status]}"></span>${status}</li>`,
  );
  return `<ul class="legend" aria-label="status legend">${items.join('')}</ul>`;
}

function failures(list: readonly ReplayFailure[]): string {
  return list
    .map(
      (f) =>
        `<div class="failure"><strong>step ${f.step} (${esc(f.kind)}) at ${esc(formatOffset(f.t))}: ${esc(f.message)}</strong><br/>at <code>${esc(f.pointer)}</code>${f.expected === undefined ? '' : `<br/>expected <code>${esc(f.expected)}</code>, found <code>${esc(JSON.stringify(f.found) ?? 'undefined')}</code>`}</div>`,
    )
    .join('');
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function requestTable(run: RunModel, id: string): string {
  const names = new Map(run.servers.map((s) => [s.id, s.name]));
  const shown = (path: string) =>
    path.replace(UUID, (uuid) => (names.has(uuid) ? `‹${names.get(uuid)}›` : uuid));
  const rows = run.requests.map(
    (r) =>
      `<tr><td class="t">${esc(formatOffset(r.t))}</td><td class="step">${r.step ?? ''}</td><td>${esc(r.user)}</td><td>${esc(r.method)}</td><td class="path" title="${esc(r.path)}">${esc(shown(r.path))}${r.action === undefined ? '' : ` <b>${esc(r.action)}</b>`}</td><td class="code c${String(r.code)[0]}">${r.code}</td><td>${esc(r.message ?? '')}</td></tr>`,
  );
  return `<input class="filter" type="search" placeholder="filter requests" data-table="${id}"/><table id="${id}" class="requests"><thead><tr><th>time</th><th>step</th><th>user</th><th>method</th><th>path</th><th>code</th><th>message</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function checkTable(run: RunModel): string {
  if (run.checks.length === 0) return '<p class="meta">No expect or until steps.</p>';
  const rows = run.checks.map(
    (c) =>
      `<tr class="check ${c.ok ? 'pass' : 'fail'}"><td class="t">${esc(formatOffset(c.t))}</td><td class="step">${c.step ?? ''}</td><td>${c.kind}</td><td>${esc(c.what)}</td><td>${esc(c.expected)}</td><td>${esc(c.found ?? '')}</td><td class="result">${c.ok ? '✓ held' : '✗ failed'}</td></tr>`,
  );
  const failed = run.checks.filter((c) => !c.ok).length;
  return `<div class="meta">${run.checks.length - failed} held, ${failed} failed</div><table class="checks"><thead><tr><th>time</th><th>step</th><th>kind</th><th>check</th><th>expected</th><th>found</th><th>result</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function section(run: RunModel, index: number): string {
  const status = run.ok ? '<span class="ok">passed</span>' : '<span class="failed">failed</span>';
  const notes =
    run.notes.length === 0
      ? ''
      : `<ul class="notes">${run.notes.map((n) => `<li>${esc(formatOffset(n.t))} ${esc(n.text)}</li>`).join('')}</ul>`;
  return `<section class="run" data-file="${esc(run.file)}">
<h2>${esc(run.name)}</h2>
<div class="meta">${esc(run.file)} · seed ${esc(run.seed)} · ${esc(formatDuration(run.end))} virtual · ${run.servers.length} servers · ${run.requests.length} requests · ${status}</div>
${failures(run.failures)}${notes}
<h3>Servers by status over virtual time</h3>
${legend(run)}
${run.servers.length > 0 ? timelineSvg(run) : '<p class="meta">No servers.</p>'}
<h3>Host capacity use</h3>
<div class="key">share of capacity claimed:<span style="background:#5b8def"></span>vCPUs<span style="background:#e0702b"></span>RAM</div>
${run.hosts.map((host) => hostSvg(host, run.end, chartScale(run.hosts))).join('\n')}
<h3>Checks (expect and until)</h3>
${checkTable(run)}
<h3>Requests</h3>
${requestTable(run, `requests-${index}`)}
</section>`;
}

/** The runs a report covers: what `replay` returns, or the same read from a trace. */
export interface ReportRun {
  readonly file: string;
  readonly name: string;
  readonly seed: number | string;
  readonly ok: boolean;
  readonly failures: readonly ReplayFailure[];
  readonly trace: readonly TraceLine[];
}

/**
 * One self-contained HTML page (inline CSS, SVG and JS; nothing fetched) for one or more
 * runs: a timeline per server coloured by status, each host's capacity use over time,
 * and every request with its code.
 *
 * @example
 * writeFileSync('report.html', reportHtml([replay(scenario)]));
 */
export function reportHtml(runs: readonly ReportRun[]): string {
  const models = runs.map(runModel);
  const passed = models.filter((m) => m.ok).length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"/>
<title>nova-sim report</title>
<style>${STYLE}</style>
</head>
<body>
${PATTERN_DEFS}
<h1>nova-sim report</h1>
<div class="meta">${models.length} scenario${models.length === 1 ? '' : 's'}: ${passed} passed, ${models.length - passed} failed</div>
${models.map(section).join('\n')}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
