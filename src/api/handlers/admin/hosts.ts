import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { authorize } from '../../policy.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { serviceRecords } from '../catalog/service-records.js';

const MAX = '2.42';
const ENABLE = ['enable', 'disable', 'Enable', 'Disable', 'ENABLE', 'DISABLE'];

const UPDATE: Schema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ENABLE },
    maintenance_mode: { type: 'string', enum: ENABLE },
  },
  anyOf: [{ required: ['status'] }, { required: ['maintenance_mode'] }],
  additionalProperties: false,
};

const can = (ctx: ApiContext, action: string) =>
  authorize(ctx, { rule: `os_compute_api:os-hosts:${action}`, default: 'admin' });

/** `target_host_cell`: a host without a compute service has no cell mapping. */
function computeHost(ctx: ApiContext, name: string): string {
  if (ctx.cloud.scheduler.getHost(name) === undefined) {
    throw NovaError.notFound(`Host '${name}' is not mapped to any cell`);
  }
  return name;
}

/** GET /os-hosts: the enabled services' hosts with their topic and zone (`zone` filters). */
function index(ctx: ApiContext): HandlerResult {
  can(ctx, 'list');
  const zone = ctx.query.get('zone');
  const hosts = serviceRecords(ctx.cloud)
    .filter((s) => !s.disabled && (!zone || s.zone === zone))
    .map((s) => ({ host_name: s.host, service: s.binary.replace(/^nova-/, ''), zone: s.zone }));
  return { status: 200, body: { hosts } };
}

/** GET /os-hosts/{host}: totals, usage now, the servers' sum and one row per project. */
function show(ctx: ApiContext): HandlerResult {
  can(ctx, 'show');
  const host = computeHost(ctx, ctx.params.id!);
  const view = ctx.cloud.scheduler.getHost(host)!;
  const { spec, used } = view;
  const row = (project: string, cpu: number, memory: number, disk: number) => ({
    resource: { host, project, cpu, memory_mb: memory, disk_gb: disk },
  });
  const servers = [...ctx.cloud.compute.servers.values()].filter(
    (s) => !s.deleted && s.host === host,
  );
  const sum = { cpu: 0, memory: 0, disk: 0 };
  const byProject = new Map<string, { cpu: number; memory: number; disk: number }>();
  for (const s of servers) {
    const f = s.flavor;
    const entry = byProject.get(s.projectId) ?? { cpu: 0, memory: 0, disk: 0 };
    for (const target of [sum, entry]) {
      target.cpu += f.vcpus;
      target.memory += f.ram;
      target.disk += f.disk + f.ephemeral;
    }
    byProject.set(s.projectId, entry);
  }
  return {
    status: 200,
    body: {
      host: [
        row('(total)', spec.vcpus, spec.memoryMb, spec.diskGb),
        row(
          '(used_now)',
          used.vcpus,
          used.memoryMb + spec.reserved.memoryMb,
          used.diskGb + spec.reserved.diskGb,
        ),
        row('(used_max)', sum.cpu, sum.memory, sum.disk),
        ...[...byProject].map(([project, r]) => row(project, r.cpu, r.memory, r.disk)),
      ],
    },
  };
}

/**
 * PUT /os-hosts/{host}: the fake driver answers `enabled`/`disabled` and
 * `on_maintenance`/`off_maintenance` without touching the service (os-services does that).
 */
function update(ctx: ApiContext): HandlerResult {
  validateBody(UPDATE, ctx.body);
  can(ctx, 'update');
  const body = ctx.body as { status?: string; maintenance_mode?: string };
  const enabled = (text: string) => text.trim().toLowerCase() === 'enable';
  const result: Record<string, string> = { host: ctx.params.id! };
  if (body.status !== undefined) {
    computeHost(ctx, ctx.params.id!);
    result.status = enabled(body.status) ? 'enabled' : 'disabled';
  }
  if (body.maintenance_mode !== undefined) {
    computeHost(ctx, ctx.params.id!);
    result.maintenance_mode = enabled(body.maintenance_mode) ? 'on_maintenance' : 'off_maintenance';
  }
  return { status: 200, body: result };
}

/** GET /os-hosts/{host}/{reboot,shutdown,startup}: the fake driver echoes the action. */
function power(action: 'reboot' | 'shutdown' | 'startup', rule: string) {
  return (ctx: ApiContext): HandlerResult => {
    can(ctx, rule);
    const host = computeHost(ctx, ctx.params.id!);
    return { status: 200, body: { host, power_action: action } };
  };
}

/** os-hosts, deprecated at 2.43: 404 from then on, as the router answers. */
export const hostRoutes: readonly Route[] = [
  { method: 'GET', path: '/os-hosts', handler: index, maxVersion: MAX },
  { method: 'GET', path: '/os-hosts/{id}', handler: show, maxVersion: MAX },
  { method: 'PUT', path: '/os-hosts/{id}', handler: update, maxVersion: MAX },
  {
    method: 'GET',
    path: '/os-hosts/{id}/reboot',
    handler: power('reboot', 'reboot'),
    maxVersion: MAX,
  },
  {
    method: 'GET',
    path: '/os-hosts/{id}/shutdown',
    handler: power('shutdown', 'shutdown'),
    maxVersion: MAX,
  },
  {
    method: 'GET',
    path: '/os-hosts/{id}/startup',
    handler: power('startup', 'start'),
    maxVersion: MAX,
  },
];
