import type { Auth } from '../../api/context.js';
import type { ApiRequest, ApiResponse } from '../../api/request.js';

/** How the autoscaler talks to Nova: one request in, one response out. */
export type NovaClient = (request: ApiRequest) => ApiResponse;

export interface AutoscalerOptions {
  readonly desired: number;
  /** Servers of the group are named `<prefix>-<n>` (default `asg`). */
  readonly prefix?: string;
  /** Who it calls Nova as (default: a member of project `web-team`). */
  readonly auth?: Auth;
  /** Default `1` (m1.tiny). */
  readonly flavorRef?: string;
  /** Default the api_samples' image. */
  readonly imageRef?: string;
}

const DEFAULTS = {
  prefix: 'asg',
  auth: { projectId: 'web-team', userId: 'scaler', roles: ['member'] },
  flavorRef: '1',
  imageRef: '70a599e0-31e7-49b7-b260-868f441e862b',
} as const;

interface Listed {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly locked?: boolean;
}

/** What the autoscaler does to a server it finds in each status to get it serving again. */
const REPAIRS: Readonly<Record<string, unknown>> = {
  SHUTOFF: { 'os-start': null },
  PAUSED: { unpause: null },
  SUSPENDED: { resume: null },
  RESCUE: { unrescue: null },
  SHELVED: { unshelve: null },
  SHELVED_OFFLOADED: { unshelve: null },
  VERIFY_RESIZE: { confirmResize: null },
};

/** Statuses on their way somewhere: leave them alone. */
const PENDING = new Set([
  'BUILD',
  'REBOOT',
  'HARD_REBOOT',
  'REBUILD',
  'RESIZE',
  'REVERT_RESIZE',
  'MIGRATING',
  'PASSWORD',
]);

/**
 * A small sample orchestrator, shipped as the stand-in for yours in the property-testing
 * guide: keeps `desired` ACTIVE servers in a group. Each `reconcile()` lists the group,
 * deletes servers in ERROR, repairs stopped, paused, shelved… ones, creates what is
 * missing and deletes extras. It knows Nova only through its API, like a real one.
 *
 * @example
 * const scaler = new Autoscaler((request) => cloud.request(request), { desired: 3 });
 * scaler.reconcile();
 * cloud.clock.advance(60_000);
 * scaler.activeCount(); // 3
 */
export class Autoscaler {
  private next = 1;
  readonly options: Required<AutoscalerOptions>;

  constructor(
    private readonly nova: NovaClient,
    options: AutoscalerOptions,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  private call(method: string, path: string, body?: unknown): ApiResponse {
    return this.nova({
      method,
      path,
      headers: { 'OpenStack-API-Version': 'compute 2.90' },
      auth: this.options.auth,
      ...(body === undefined ? {} : { body }),
    });
  }

  /** The group's servers, as Nova lists them. */
  members(): Listed[] {
    const res = this.call(
      'GET',
      `/v2.1/servers/detail?name=${encodeURIComponent(`^${this.options.prefix}-`)}`,
    );
    if (res.status !== 200) return [];
    return (res.body as { servers: Listed[] }).servers;
  }

  reconcile(): void {
    const members = this.members();
    let serving = 0;
    const active: Listed[] = [];
    for (const server of members) {
      if (server.status === 'ACTIVE') {
        serving++;
        active.push(server);
      } else if (PENDING.has(server.status)) {
        serving++;
      } else if (server.status === 'ERROR') {
        this.call('DELETE', `/v2.1/servers/${server.id}`);
      } else {
        const repair = REPAIRS[server.status];
        if (repair === undefined) continue;
        if (server.locked) this.call('POST', `/v2.1/servers/${server.id}/action`, { unlock: null });
        const res = this.call('POST', `/v2.1/servers/${server.id}/action`, repair);
        if (res.status < 300) serving++;
      }
    }
    for (let i = serving; i < this.options.desired; i++) {
      this.call('POST', '/v2.1/servers', {
        server: {
          name: `${this.options.prefix}-${this.next++}`,
          flavorRef: this.options.flavorRef,
          imageRef: this.options.imageRef,
          networks: 'auto',
        },
      });
    }
    // Scale down: the newest ACTIVE extras go first.
    for (const extra of active.slice(0, Math.max(0, serving - this.options.desired))) {
      this.call('DELETE', `/v2.1/servers/${extra.id}`);
    }
  }

  /** ACTIVE members now. */
  activeCount(): number {
    return this.members().filter((s) => s.status === 'ACTIVE').length;
  }
}
