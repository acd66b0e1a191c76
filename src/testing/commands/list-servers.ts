import type { Auth } from '../../api/context.js';
import { type ListQuery, listQueryString } from '../arbitraries/list-query.js';
import { checkPages, type ListPage } from '../invariants/listing.js';
import { ADMIN_AUTH, memberAuth, type Project } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand } from '../model/cloud-model.js';
import { expectResponse } from '../model/expect.js';
import type { CloudSystem } from '../model/system.js';
import { versionHeaders } from '../model/versions.js';
import { listMatches } from '../reference/listing.js';

const MAX_PAGES = 200;

/**
 * `GET /servers[/detail]` with random filters, sort keys and page size, paged with
 * `marker` to the end, as a project member or an admin across tenants. Every server the
 * reference says matches (§6) comes back exactly once; nothing else does: no other
 * project's server, no deleted one without `changes-since` (§3.2, §6.4).
 */
export class ListServersCommand implements CloudCommand {
  private summary = '';

  constructor(
    readonly caller: Project | 'admin',
    readonly version: string,
    readonly query: ListQuery,
  ) {}

  check(_model: Readonly<CloudModel>): boolean {
    return true;
  }

  run(model: CloudModel, system: CloudSystem): void {
    this.summary = '';
    runCommand(
      model,
      system,
      () => this.toString(),
      () => this.list(system),
    );
  }

  private list(system: CloudSystem): void {
    const { cloud, reference, config } = system;
    const admin = this.caller === 'admin';
    const auth: Auth = admin ? ADMIN_AUTH : memberAuth(this.caller);
    const now = cloud.clock.now();
    const allTenants = this.query.allTenants ?? admin;
    const extra: Record<string, string> = allTenants ? { all_tenants: '1' } : {};
    const qs = listQueryString(this.query, now, extra);
    const changesSince =
      this.query.changesSinceAgoMs === undefined
        ? undefined
        : Math.floor(Math.max(0, now - this.query.changesSinceAgoMs) / 1000) * 1000;
    const expected = new Set<string>();
    if (this.query.limit !== 0) {
      for (const server of cloud.compute.servers.values()) {
        const row = {
          id: server.id,
          projectId: server.projectId,
          name: server.name,
          flavorId: server.flavor.id,
          imageRef: server.imageRef,
          vmState: server.deleted ? 'deleted' : server.machine.vmState,
          taskState: server.machine.taskState,
          deleted: server.deleted,
          updatedAt: server.updatedAt,
        };
        const matches = listMatches(
          reference.statusMap,
          row,
          { projectId: auth.projectId, isAdmin: admin, allTenants },
          {
            ...(this.query.status ? { status: this.query.status } : {}),
            ...(this.query.name !== undefined ? { name: this.query.name } : {}),
            ...(this.query.flavor !== undefined ? { flavor: this.query.flavor } : {}),
            ...(this.query.image !== undefined ? { image: this.query.image } : {}),
            ...(changesSince !== undefined ? { changesSince } : {}),
          },
        );
        if (matches) expected.add(server.id);
      }
    }
    const base = `/v2.1/servers${this.query.detail ? '/detail' : ''}`;
    if (allTenants && !admin) {
      const res = system.request({
        method: 'GET',
        path: `${base}?${qs}`,
        headers: versionHeaders(this.version),
        auth,
      });
      const rule = `os_compute_api:servers:${this.query.detail ? 'detail' : 'index'}:get_all_tenants`;
      this.summary = ' → 403';
      expectResponse(
        system,
        res,
        [
          {
            status: 403,
            message: `Policy doesn't allow ${rule} to be performed.`,
            because: '§6.2',
          },
        ],
        `GET ${base}?${qs} as ${this.caller}`,
        undefined,
      );
      return;
    }
    const pages: ListPage[] = [];
    let marker: string | undefined;
    const pageSize = Math.min(this.query.limit ?? config.maxLimit, config.maxLimit);
    for (let i = 0; i < MAX_PAGES; i++) {
      const path = `${base}?${qs}${marker === undefined ? '' : `&marker=${marker}`}`;
      const res = system.request({
        method: 'GET',
        path,
        headers: versionHeaders(this.version),
        auth,
      });
      pages.push({ status: res.status, body: res.body });
      const items = (res.body as { servers?: { id: string }[] } | null)?.servers;
      if (res.status !== 200 || !Array.isArray(items) || items.length < pageSize || pageSize === 0)
        break;
      marker = items.at(-1)?.id;
      if (marker === undefined) break;
    }
    this.summary = ` → ${expected.size} in ${pages.length} page(s)`;
    checkPages(reference, pages, expected, {
      limit: this.query.limit,
      maxLimit: config.maxLimit,
      detail: this.query.detail,
      where: `GET ${base}?${qs} as ${this.caller}`,
      context: (id) => {
        const server = cloud.compute.get(id);
        return server && { cloud, server, isAdmin: admin, version: this.version };
      },
    });
  }

  toString(): string {
    const qs = listQueryString(this.query, 0).replace(
      /changes-since=[^&]*/,
      `changes-since=now-${this.query.changesSinceAgoMs}ms`,
    );
    const tenants = (this.query.allTenants ?? this.caller === 'admin') ? ' all_tenants' : '';
    return `list(${this.caller}${tenants} @${this.version}, ${this.query.detail ? 'detail' : 'summary'}?${decodeURIComponent(qs)})${this.summary}`;
  }
}
