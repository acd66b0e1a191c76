import { checkServerView } from '../invariants/status.js';
import { type Actor, actorAuth } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand } from '../model/cloud-model.js';
import { expectResponse } from '../model/expect.js';
import type { CloudSystem } from '../model/system.js';
import { versionHeaders } from '../model/versions.js';
import { violated } from '../model/violation.js';

/**
 * `GET /servers/{id}` of any server the run created, deleted ones included (position
 * `index % servers.length`): 200 with a view whose status is the map of its states for
 * the owner or an admin; 404 for another project or once hard-deleted (§3.2, §6.2).
 */
export class ShowServerCommand implements CloudCommand {
  private target = '';

  constructor(
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
      () => this.show(system, id, projectId),
    );
  }

  private show(system: CloudSystem, id: string, projectId: string): void {
    const { cloud, reference } = system;
    const server = cloud.compute.get(id);
    if (!server) violated('lifecycle', `server ${id} was created and has no record any more`);
    const auth = actorAuth(this.actor, projectId);
    const visible =
      !server.deleted && (this.actor === 'admin' || server.projectId === auth.projectId);
    const res = system.request({
      method: 'GET',
      path: `/v2.1/servers/${id}`,
      headers: versionHeaders(this.version),
      auth,
    });
    const where = `GET ${id} as ${this.actor}`;
    expectResponse(
      system,
      res,
      [
        visible
          ? { status: 200, because: 'a live server is showable' }
          : {
              status: 404,
              message: `Instance ${id} could not be found.`,
              because: server.deleted ? '§3.2 hard-deleted' : '§6.2 another project',
            },
      ],
      where,
      undefined,
    );
    if (res.status !== 200) return;
    const view = (res.body as { server?: Record<string, unknown> }).server;
    checkServerView(reference, view, where, {
      cloud,
      server,
      isAdmin: this.actor === 'admin',
      version: this.version,
    });
  }

  toString(): string {
    const target = this.target === '' ? `#${this.index}` : `#${this.index} = ${this.target}`;
    return `show(${target} as ${this.actor} @${this.version})`;
  }
}
