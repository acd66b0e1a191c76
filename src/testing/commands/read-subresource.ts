import { type Actor, actorAuth } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand } from '../model/cloud-model.js';
import { type Expected, expectResponse } from '../model/expect.js';
import type { CloudSystem } from '../model/system.js';
import { atLeast, versionHeaders } from '../model/versions.js';

/** The read routes under a server. */
export const SUBRESOURCES = ['metadata', 'tags', 'ips', 'os-instance-actions'] as const;
export type Subresource = (typeof SUBRESOURCES)[number];

/**
 * `GET /servers/{id}/<subresource>` of any server the run created (position
 * `index % servers.length`): tenant isolation on every route (§6.2) — another project's
 * member gets 404, or 403 on the tags API, which checks its policy first — and a hard-deleted server is gone there too (instance actions aside,
 * which Nova keeps for deleted servers).
 */
export class ReadSubresourceCommand implements CloudCommand {
  private target = '';

  constructor(
    readonly subresource: Subresource,
    readonly index: number,
    readonly actor: Actor,
    readonly version: string,
  ) {}

  check(model: Readonly<CloudModel>): boolean {
    return model.servers.length > 0;
  }

  run(model: CloudModel, system: CloudSystem): void {
    const { id, projectId } = model.servers[this.index % model.servers.length]!;
    this.target = id;
    runCommand(
      model,
      system,
      () => this.toString(),
      () => {
        const server = system.cloud.compute.get(id);
        const auth = actorAuth(this.actor, projectId);
        const mine = this.actor === 'admin' || projectId === auth.projectId;
        const routed = this.subresource !== 'tags' || atLeast(this.version, '2.26');
        const wants: Expected[] = [];
        if (!routed) wants.push({ status: 404, because: 'tags need 2.26' });
        else if (!mine && this.subresource === 'tags')
          wants.push({
            status: 403,
            because: "the tags API checks policy on the mapping's project",
          });
        else if (!mine) wants.push({ status: 404, because: '§6.2 another project' });
        else if (server?.deleted) {
          wants.push({ status: 404, because: '§3.2 hard-deleted' });
          if (this.subresource === 'os-instance-actions')
            wants.push({ status: 200, because: 'actions outlive the server' });
        } else wants.push({ status: 200, because: 'the owner reads its server' });
        const res = system.request({
          method: 'GET',
          path: `/v2.1/servers/${id}/${this.subresource}`,
          headers: versionHeaders(this.version),
          auth,
        });
        expectResponse(
          system,
          res,
          wants,
          `GET ${id}/${this.subresource} as ${this.actor}`,
          undefined,
        );
      },
    );
  }

  toString(): string {
    const target = this.target === '' ? `#${this.index}` : `#${this.index} = ${this.target}`;
    return `read(${target}/${this.subresource} as ${this.actor} @${this.version})`;
  }
}
