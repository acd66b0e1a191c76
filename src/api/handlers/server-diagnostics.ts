import { guestHash, lastBootAt } from '../../compute/console-log.js';
import type { Server } from '../../compute/server.js';
import { POWER_STATE } from '../../compute/states.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import { authorize } from '../policy.js';
import { checkQuery } from './catalog/query-params.js';
import { findServer } from './server-lookup.js';

/** nova/compute/power_state.py STATE_MAP: the words Nova's 409 uses. */
const POWER_WORDS: Readonly<Record<number, string>> = {
  0: 'pending',
  1: 'running',
  3: 'paused',
  4: 'shutdown',
  6: 'crashed',
  7: 'suspended',
};

/** What the guest has done since it booted: figures that grow with its uptime. */
interface GuestFigures {
  readonly uptime: number;
  readonly cpus: readonly { id: number; time: number; utilisation: number }[];
  readonly memoryKb: number;
  readonly disks: readonly {
    name: string;
    read: number;
    readReq: number;
    write: number;
    writeReq: number;
  }[];
  readonly nics: readonly {
    name: string;
    mac: string;
    rx: number;
    rxPackets: number;
    tx: number;
    txPackets: number;
  }[];
}

function figures(ctx: ApiContext, server: Server): GuestFigures {
  const now = ctx.cloud.clock.now();
  const uptime = Math.floor((now - (lastBootAt(server, now) ?? now)) / 1000);
  const h = (key: string) => guestHash(`${server.id}/${key}`);
  const cpus = Array.from({ length: server.flavor.vcpus }, (_, id) => {
    const utilisation = 5 + (h(`cpu${id}`) % 26);
    return { id, utilisation, time: Math.floor((uptime * 1e9 * utilisation) / 100) };
  });
  const diskNames = ['vda', ...(server.flavor.ephemeral > 0 ? ['vdb'] : [])];
  const disks = diskNames.map((name) => {
    const seed = h(name);
    const readReq = 100 + (seed % 50) + Math.floor(uptime / 60);
    const writeReq = 400 + (seed % 100) + Math.floor(uptime / 20);
    return { name, readReq, read: readReq * 2048, writeReq, write: writeReq * 11840 };
  });
  const macs = [...new Set(server.addresses.map((a) => a.mac))];
  const nics = macs.map((mac, i) => {
    const rxPackets = 600 + (h(mac) % 200) + Math.floor(uptime / 2);
    const txPackets = 300 + (h(`${mac}/tx`) % 100) + Math.floor(uptime / 5);
    // libvirt numbers the guest's tap devices on the host; the first one here is vnet1.
    return {
      name: `vnet${i + 1}`,
      mac,
      rxPackets,
      rx: rxPackets * 78,
      txPackets,
      tx: txPackets * 212,
    };
  });
  return { uptime, cpus, memoryKb: server.flavor.ram * 1024, disks, nics };
}

/** The libvirt driver's legacy flat dictionary (before 2.48). */
function legacyView(f: GuestFigures): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cpu of f.cpus) out[`cpu${cpu.id}_time`] = cpu.time;
  out.memory = f.memoryKb;
  for (const d of f.disks) {
    out[`${d.name}_errors`] = -1;
    out[`${d.name}_read`] = d.read;
    out[`${d.name}_read_req`] = d.readReq;
    out[`${d.name}_write`] = d.write;
    out[`${d.name}_write_req`] = d.writeReq;
  }
  for (const n of f.nics) {
    out[`${n.name}_rx`] = n.rx;
    out[`${n.name}_rx_drop`] = 0;
    out[`${n.name}_rx_errors`] = 0;
    out[`${n.name}_rx_packets`] = n.rxPackets;
    out[`${n.name}_tx`] = n.tx;
    out[`${n.name}_tx_drop`] = 0;
    out[`${n.name}_tx_errors`] = 0;
    out[`${n.name}_tx_packets`] = n.txPackets;
  }
  return out;
}

/** The 2.48 standard format (views/server_diagnostics.py), every field present. */
function standardView(server: Server, f: GuestFigures): Record<string, unknown> {
  return {
    state: 'running',
    driver: 'libvirt',
    hypervisor: 'kvm',
    hypervisor_os: 'ubuntu',
    uptime: f.uptime,
    config_drive: server.configDrive,
    num_cpus: f.cpus.length,
    num_nics: f.nics.length,
    num_disks: f.disks.length,
    disk_details: f.disks.map((d) => ({
      read_bytes: d.read,
      read_requests: d.readReq,
      write_bytes: d.write,
      write_requests: d.writeReq,
      errors_count: 0,
    })),
    cpu_details: f.cpus.map((c) => ({ id: c.id, time: c.time, utilisation: c.utilisation })),
    nic_details: f.nics.map((n) => ({
      mac_address: n.mac,
      rx_octets: n.rx,
      rx_errors: 0,
      rx_drop: 0,
      rx_packets: n.rxPackets,
      rx_rate: null,
      tx_octets: n.tx,
      tx_errors: 0,
      tx_drop: 0,
      tx_packets: n.txPackets,
      tx_rate: null,
    })),
    memory_details: { maximum: f.memoryKb, used: Math.floor(f.memoryKb / 4) },
  };
}

/**
 * GET /servers/{id}/diagnostics (server_diagnostics.py): lookup, admin policy, a host
 * (`check_instance_host`), then the compute manager wants the guest running.
 */
function showDiagnostics(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, {}, ctx.version.atLeast('2.102'));
  const server = findServer(ctx, ctx.params.server_id!);
  authorize(ctx, { rule: 'os_compute_api:os-server-diagnostics', default: 'admin' });
  if (!server.host) throw NovaError.conflict(`Instance ${server.id} is not ready`);
  const power = server.machine.powerState;
  if (power !== POWER_STATE.RUNNING) {
    throw NovaError.conflict(
      `Cannot 'get_diagnostics' instance ${server.id} while it is in power state ${POWER_WORDS[power] ?? 'pending'}`,
    );
  }
  const f = figures(ctx, server);
  return {
    status: 200,
    body: ctx.version.atLeast('2.48') ? standardView(server, f) : legacyView(f),
  };
}

export const serverDiagnosticsRoutes: readonly Route[] = [
  { method: 'GET', path: '/servers/{server_id}/diagnostics', handler: showDiagnostics },
];
