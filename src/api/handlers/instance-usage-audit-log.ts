import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import { authorize } from '../policy.js';
import { checkQuery } from './catalog/query-params.js';

/**
 * os-instance_usage_audit_log (instance_usage_audit_log.py). The audit task runs only with
 * `[DEFAULT] instance_usage_audit` on, which is off by default and not simulated: no host
 * has a task log, so every compute host is "not run" for the last completed monthly period.
 */

/** `utils.last_completed_audit_period` for the default unit, a month: [begin, end). */
export function lastCompletedMonth(before: number): { begin: number; end: number } {
  const at = new Date(before);
  let year = at.getUTCFullYear();
  let month = at.getUTCMonth();
  let end = Date.UTC(year, month, 1);
  if (end >= before) {
    month -= 1;
    if (month < 0) {
      month = 11;
      year -= 1;
    }
    end = Date.UTC(year, month, 1);
  }
  return { begin: Date.UTC(year, month - 1, 1), end };
}

/** Python's `str(datetime)`: `YYYY-MM-DD HH:MM:SS`, with `.ffffff` only when non-zero. */
function pyStr(ms: number): string {
  const text = new Date(Math.floor(ms)).toISOString();
  const micros = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1000);
  return `${text.slice(0, 10)} ${text.slice(11, 19)}${micros ? `.${String(micros).padStart(6, '0')}` : ''}`;
}

/** `strptime(id, '%Y-%m-%d %H:%M:%S[.%f]')`, the fraction form when the id has a dot. */
function parseBefore(id: string): number | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,6}))?$/.exec(id);
  if (!m || id.includes('.') !== (m[7] !== undefined)) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 61) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59));
  if (new Date(ms).getUTCDate() !== d) return undefined;
  return ms + Number((m[7] ?? '0').padEnd(6, '0')) / 1000;
}

function auditLog(ctx: ApiContext, before: number) {
  const { begin, end } = lastCompletedMonth(before);
  // Disabled compute services count too: they may hold instances.
  const hosts = ctx.cloud.hosts.list().map((host) => host.name);
  return {
    hosts_not_run: hosts,
    log: {},
    num_hosts: hosts.length,
    num_hosts_done: 0,
    num_hosts_not_run: hosts.length,
    num_hosts_running: 0,
    overall_status: `${hosts.length === 0 ? 'ALL' : `0 of ${hosts.length}`} hosts done. 0 errors.`,
    period_beginning: pyStr(begin),
    period_ending: pyStr(end),
    total_errors: 0,
    total_instances: 0,
  };
}

function listAuditLogs(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, {}, ctx.version.atLeast('2.102'));
  authorize(ctx, { rule: 'os_compute_api:os-instance-usage-audit-log:list', default: 'admin' });
  return {
    status: 200,
    body: { instance_usage_audit_logs: auditLog(ctx, ctx.cloud.clock.now()) },
  };
}

function showAuditLog(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, {}, ctx.version.atLeast('2.102'));
  authorize(ctx, { rule: 'os_compute_api:os-instance-usage-audit-log:show', default: 'admin' });
  const id = ctx.params.before_timestamp!;
  const before = parseBefore(id);
  if (before === undefined) throw NovaError.badRequest(`Invalid timestamp for date ${id}`);
  return { status: 200, body: { instance_usage_audit_log: auditLog(ctx, before) } };
}

export const instanceUsageAuditLogRoutes: readonly Route[] = [
  { method: 'GET', path: '/os-instance_usage_audit_log', handler: listAuditLogs },
  { method: 'GET', path: '/os-instance_usage_audit_log/{before_timestamp}', handler: showAuditLog },
];
