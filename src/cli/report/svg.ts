import type { ServerStatus } from '../../compute/status-map.js';
import { formatDuration, formatOffset } from '../../scenario/duration.js';
import { STATUS_COLORS } from '../status-colors.js';
import type { HostTrack, RunModel, ServerTrack } from './model.js';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const LABEL_W = 170;
const PLOT_W = 760;
const ROW_H = 22;
const AXIS_H = 24;
/**
 * A status that lasts no virtual time (PASSWORD ends before the 202), or 5 s of an hour,
 * still shows: each rect is at least this wide, and the next starts after it.
 */
export const MIN_SEGMENT_W = 4;

/** SOFT_DELETED is striped (restorable), DELETED solid: two greys alone look alike. */
export const SOFT_DELETED_FILL = 'url(#nova-sim-soft-deleted)';
export const SOFT_DELETED_SWATCH =
  'repeating-linear-gradient(45deg, #5e5e5e 0 3px, #e4e4e4 3px 6px)';

/** The pattern the striped fill refers to: once per page, before the timelines. */
export const PATTERN_DEFS =
  '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs><pattern id="nova-sim-soft-deleted" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e4e4e4"/><rect width="3" height="6" fill="#5e5e5e"/></pattern></defs></svg>';

export function segmentFill(status: ServerStatus): string {
  return status === 'SOFT_DELETED' ? SOFT_DELETED_FILL : STATUS_COLORS[status];
}

const TICK_STEPS = [
  1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000,
  7_200_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000,
];

function ticks(end: number): number[] {
  const step = TICK_STEPS.find((s) => end / s <= 8) ?? TICK_STEPS.at(-1)!;
  const out: number[] = [];
  for (let t = 0; t <= end; t += step) out.push(t);
  return out;
}

const round = (n: number) => Math.round(n * 10) / 10;

function axis(end: number, x: (t: number) => number, top: number, height: number): string {
  return ticks(end)
    .map((t) => {
      const at = round(x(t));
      return `<line class="tick" x1="${at}" x2="${at}" y1="${top}" y2="${top + height}"/><text class="tick-label" x="${at}" y="${top + height + 14}" text-anchor="middle">${escapeXml(formatDuration(t))}</text>`;
    })
    .join('');
}

function serverRow(server: ServerTrack, y: number, x: (t: number) => number): string {
  // Left to right, none narrower than MIN_SEGMENT_W and none under the one before it: a
  // short status pushes what follows a few pixels right rather than vanish under it.
  let edge = Number.NEGATIVE_INFINITY;
  const rects = server.segments.map((segment) => {
    const x0 = Math.max(x(segment.start), edge);
    const width = Math.max(MIN_SEGMENT_W, x(segment.end) - x0);
    edge = x0 + width;
    const title = `${server.name}: ${segment.status} ${formatOffset(segment.start)} → ${formatOffset(segment.end)}`;
    return `<rect class="segment" data-server="${escapeXml(server.id)}" data-status="${segment.status}" x="${round(x0)}" y="${y + 3}" width="${round(width)}" height="${ROW_H - 6}" fill="${segmentFill(segment.status)}"><title>${escapeXml(title)}</title></rect>`;
  });
  return `<g class="server-row" data-server="${escapeXml(server.id)}"><text class="row-label" x="${LABEL_W - 8}" y="${y + ROW_H / 2 + 4}" text-anchor="end">${escapeXml(server.name)}</text>${rects.join('')}</g>`;
}

/** Each server's status over virtual time: one row of coloured rects per server. */
export function timelineSvg(run: RunModel): string {
  const end = Math.max(run.end, 1);
  const x = (t: number) => LABEL_W + (t / end) * PLOT_W;
  const height = run.servers.length * ROW_H;
  const total = height + AXIS_H + 8;
  const rows = run.servers.map((server, i) => serverRow(server, i * ROW_H, x)).join('');
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="${LABEL_W + PLOT_W + 40}" height="${total}" viewBox="0 0 ${LABEL_W + PLOT_W + 40} ${total}" role="img" aria-label="server statuses over virtual time">${axis(end, x, 0, height)}${rows}</svg>`;
}

function stepPath(
  host: HostTrack,
  end: number,
  x: (t: number) => number,
  y: (fraction: number) => number,
  pick: (used: HostTrack['samples'][number]['used']) => number,
): string {
  let d = '';
  host.samples.forEach((sample, i) => {
    const next = host.samples[i + 1]?.t ?? end;
    const yy = round(y(pick(sample.used)));
    d += `${i === 0 ? 'M' : 'L'}${round(x(sample.t))},${yy}L${round(x(next))},${yy}`;
  });
  return d;
}

const CHART_H = 60;
const SCALES = [0.05, 0.1, 0.25, 0.5, 1];

/** The share of capacity the charts of a run go up to: the peak, rounded up. */
export function chartScale(hosts: readonly HostTrack[]): number {
  let peak = 0;
  for (const host of hosts) {
    for (const { used } of host.samples) {
      if (host.capacity.vcpus > 0) peak = Math.max(peak, used.vcpus / host.capacity.vcpus);
      if (host.capacity.memoryMb > 0) {
        peak = Math.max(peak, used.memoryMb / host.capacity.memoryMb);
      }
    }
  }
  return SCALES.find((scale) => peak <= scale) ?? 1;
}

/**
 * One host's claimed vCPUs (filled) and RAM (line) as a share of its capacity, up to
 * `scale` (so that a lightly used cloud still shows).
 */
export function hostSvg(host: HostTrack, endMs: number, scale = 1): string {
  const end = Math.max(endMs, 1);
  const x = (t: number) => LABEL_W + (t / end) * PLOT_W;
  const y = (fraction: number) => 4 + (1 - Math.min(1, Math.max(0, fraction / scale))) * CHART_H;
  const share = (used: number, capacity: number) => (capacity > 0 ? used / capacity : 0);
  const cpu = stepPath(host, end, x, y, (u) => share(u.vcpus, host.capacity.vcpus));
  const ram = stepPath(host, end, x, y, (u) => share(u.memoryMb, host.capacity.memoryMb));
  const area = `${cpu}L${round(x(end))},${y(0)}L${round(x(0))},${y(0)}Z`;
  const peak = host.samples.reduce(
    (max, s) => ({
      vcpus: Math.max(max.vcpus, s.used.vcpus),
      memoryMb: Math.max(max.memoryMb, s.used.memoryMb),
    }),
    { vcpus: 0, memoryMb: 0 },
  );
  const label = `${host.name}`;
  const detail = `peak ${peak.vcpus}/${host.capacity.vcpus} vCPU, ${peak.memoryMb}/${host.capacity.memoryMb} MB`;
  const total = CHART_H + AXIS_H + 8;
  return `<svg class="host-chart" data-host="${escapeXml(host.name)}" xmlns="http://www.w3.org/2000/svg" width="${LABEL_W + PLOT_W + 20}" height="${total}" viewBox="0 0 ${LABEL_W + PLOT_W + 20} ${total}" role="img" aria-label="${escapeXml(`${host.name} capacity use`)}"><text class="row-label" x="${LABEL_W - 8}" y="${CHART_H / 2}" text-anchor="end">${escapeXml(label)}</text><rect class="chart-frame" x="${LABEL_W}" y="4" width="${PLOT_W}" height="${CHART_H}"/>${axis(end, x, 4, CHART_H)}<text class="row-detail" x="${LABEL_W + 6}" y="16">${escapeXml(`${detail} · scale 0–${Math.round(scale * 100)}%`)}</text><path class="vcpus" d="${area}"><title>${escapeXml(`${host.name} vCPUs used / capacity`)}</title></path><path class="ram" d="${ram}"><title>${escapeXml(`${host.name} RAM used / capacity`)}</title></path></svg>`;
}
