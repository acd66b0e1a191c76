import { nodeNameOf } from '../../../compute/compute-nodes.js';
import { isIoBusy } from '../../../compute/host-load.js';
import type { Server } from '../../../compute/server.js';
import type { ApiContext } from '../../context.js';
import { type ServiceRecord, serviceRecords, stableUuid } from './service-records.js';

/** One compute node: the nova-compute service of a host and what runs there. */
export interface Node {
  readonly id: number;
  readonly uuid: string;
  readonly hostname: string;
  readonly service: ServiceRecord & { readonly hostView: NonNullable<ServiceRecord['hostView']> };
}

/** The fake driver reports this CPU and this address for every node (`nova/virt/fake.py`). */
const CPU_INFO = {
  arch: 'x86_64',
  model: 'Nehalem',
  vendor: 'Intel',
  features: ['pge', 'clflush'],
  topology: { cores: 1, threads: 1, sockets: 4 },
};
const HOST_IP = '192.168.0.1';

/** Python's `json.dumps` of the cpu_info (the pre-2.28 string form). */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** Compute nodes in host order; integer ids follow that order, uuids derive from the host name. */
export function nodes(ctx: ApiContext): Node[] {
  return serviceRecords(ctx.cloud)
    .filter((s): s is Node['service'] => s.hostView !== undefined)
    .map((service, i) => ({
      id: i + 1,
      uuid: stableUuid(`node:${service.host}`),
      hostname: nodeNameOf(service.host),
      service,
    }));
}

function serversOn(ctx: ApiContext, host: string): Server[] {
  return [...ctx.cloud.compute.servers.values()].filter((s) => !s.deleted && s.host === host);
}

/** Uptime as `uptime(1)` prints it, counted from the service's (re)start; null when down. */
export function uptime(ctx: ApiContext, node: Node): string | null {
  if (!node.service.up) return null;
  const seconds = Math.floor((ctx.cloud.clock.now() - node.service.hostView.lastHeartbeat) / 1000);
  const clock = new Date(ctx.cloud.clock.now()).toISOString().slice(11, 19);
  const days = Math.floor(seconds / 86400);
  const hm = `${Math.floor((seconds % 86400) / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}`;
  return ` ${clock} up ${days} days, ${hm},  0 users,  load average: 0.00, 0.00, 0.00`;
}

export function resources(ctx: ApiContext, node: Node): Record<string, number> {
  const { spec, used } = node.service.hostView;
  const servers = serversOn(ctx, node.service.host);
  const memoryUsed = used.memoryMb + spec.reserved.memoryMb;
  const diskUsed = used.diskGb + spec.reserved.diskGb;
  return {
    vcpus: spec.vcpus,
    memory_mb: spec.memoryMb,
    local_gb: spec.diskGb,
    vcpus_used: used.vcpus,
    memory_mb_used: memoryUsed,
    local_gb_used: diskUsed,
    free_ram_mb: spec.memoryMb - memoryUsed,
    free_disk_gb: spec.diskGb - diskUsed,
    current_workload: servers.filter(isIoBusy).length,
    running_vms: servers.length,
    disk_available_least: 0,
  };
}

/** `_view_hypervisor` per microversion (2.28 cpu_info object, 2.53 uuids, 2.75 servers, 2.88 slimmer). */
export function hypervisorView(
  ctx: ApiContext,
  node: Node,
  detail: boolean,
  withServers: boolean,
): Record<string, unknown> {
  const v = ctx.version;
  const uuids = v.atLeast('2.53');
  const s = node.service;
  const body: Record<string, unknown> = {
    id: uuids ? node.uuid : node.id,
    hypervisor_hostname: node.hostname,
    state: s.up ? 'up' : 'down',
    status: s.disabled ? 'disabled' : 'enabled',
  };
  if (detail) {
    body.hypervisor_type = 'fake';
    body.hypervisor_version = s.hostView.spec.hypervisorVersion;
    body.host_ip = HOST_IP;
    body.service = { id: uuids ? s.uuid : s.id, host: s.host, disabled_reason: s.disabledReason };
    if (v.below('2.88')) {
      Object.assign(body, resources(ctx, node));
      body.cpu_info = v.below('2.28') ? pythonJson(CPU_INFO) : structuredClone(CPU_INFO);
    } else {
      body.uptime = uptime(ctx, node);
    }
  }
  if (withServers) {
    const servers = serversOn(ctx, s.host).map((server) => ({
      name: server.name,
      uuid: server.id,
    }));
    if (servers.length > 0 || v.atLeast('2.75')) body.servers = servers;
  }
  return body;
}
