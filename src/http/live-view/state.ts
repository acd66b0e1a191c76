import { statusFromState } from '../../compute/status-map.js';
import type { ClockDriver } from '../clock-driver.js';
import type { CloudHolder } from '../cloud-holder.js';
import type { RecentRequest, RecentRequests } from './recent-requests.js';

/** How many trace entries the view shows. */
const EVENTS_SHOWN = 40;

export interface LiveServer {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly taskState: string | null;
  readonly host: string | null;
  readonly flavor: string;
}

export interface LiveHost {
  readonly name: string;
  readonly status: string;
  readonly alive: boolean;
  readonly enabled: boolean;
  readonly forcedDown: boolean;
  readonly capacity: { readonly vcpus: number; readonly memoryMb: number; readonly diskGb: number };
  readonly used: { readonly vcpus: number; readonly memoryMb: number; readonly diskGb: number };
  /** The servers holding claims on the host, by name. */
  readonly claims: readonly string[];
}

/** What the live view shows: one JSON document, polled. */
export interface LiveState {
  readonly clock: {
    readonly now: number;
    readonly time: string;
    readonly mode: string;
    readonly speed: number;
    readonly pending: number;
  };
  readonly hosts: readonly LiveHost[];
  /** Servers not deleted, grouped by API status. */
  readonly byStatus: Readonly<Record<string, readonly LiveServer[]>>;
  readonly requests: readonly RecentRequest[];
  readonly events: readonly {
    readonly type: string;
    readonly at: number;
    readonly summary: string;
  }[];
}

function summary(event: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['serverId', 'consumerId', 'host', 'from', 'to', 'change', 'task', 'kind']) {
    const value = event[key];
    if (typeof value === 'string' || typeof value === 'number') parts.push(`${key}=${value}`);
  }
  return parts.join(' ');
}

/**
 * The cloud as the live view draws it: the clock, each host with its capacity, use and
 * the servers claiming it, the servers by status, the last requests and events.
 *
 * @example
 * json(200, liveState(holder, driver, recent));
 */
export function liveState(
  holder: CloudHolder,
  driver: ClockDriver,
  requests: RecentRequests | undefined,
): LiveState {
  const cloud = holder.cloud;
  const now = cloud.clock.now();
  const servers = [...cloud.compute.servers.values()].filter((s) => !s.deleted);
  const byStatus: Record<string, LiveServer[]> = {};
  const claims = new Map<string, string[]>();
  for (const server of servers) {
    const { vmState, taskState } = server.machine;
    const status = statusFromState(vmState, taskState);
    (byStatus[status] ??= []).push({
      id: server.id,
      name: server.name,
      status,
      taskState,
      host: server.host,
      flavor: server.flavor.name,
    });
    if (server.host !== null)
      claims.set(server.host, [...(claims.get(server.host) ?? []), server.name]);
  }
  const hosts = cloud.hosts.list().map((host) => ({
    name: host.name,
    status: cloud.hosts.status(host.name),
    alive: host.alive,
    enabled: host.enabled,
    forcedDown: host.forcedDown,
    capacity: host.capacity,
    used: host.used,
    claims: claims.get(host.name) ?? [],
  }));
  const events = (cloud.trace ?? []).slice(-EVENTS_SHOWN).map((entry) => {
    const event = (entry.event ?? {}) as Record<string, unknown>;
    return { type: entry.type, at: Number(event.at ?? now), summary: summary(event) };
  });
  return {
    clock: {
      now,
      time: new Date(now).toISOString(),
      mode: driver.mode,
      speed: driver.speed,
      pending: cloud.clock.pendingCount(),
    },
    hosts,
    byStatus,
    requests: requests?.list() ?? [],
    events,
  };
}
