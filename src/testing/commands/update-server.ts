import { checkServerView } from '../invariants/status.js';
import { captureState } from '../invariants/unchanged.js';
import { type Actor, actorAuth } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand, serverAt } from '../model/cloud-model.js';
import { expectResponse } from '../model/expect.js';
import type { CloudSystem } from '../model/system.js';
import { atLeast, versionHeaders } from '../model/versions.js';
import { violated } from '../model/violation.js';

/**
 * `PUT /servers/{id}` renaming the live server at `index % live.length`: allowed in any
 * state and not lock-checked (§2.2, §2.4); 404 for another project.
 */
export class UpdateServerCommand implements CloudCommand {
  private target = '';

  constructor(
    readonly index: number,
    readonly actor: Actor,
    readonly version: string,
    readonly name: string,
  ) {}

  check(model: Readonly<CloudModel>): boolean {
    return model.live.length > 0;
  }

  run(model: CloudModel, system: CloudSystem): void {
    const { id, projectId } = serverAt(model, this.index);
    this.target = id;
    runCommand(
      model,
      system,
      () => this.toString(),
      () => this.update(system, id, projectId),
    );
  }

  private update(system: CloudSystem, id: string, projectId: string): void {
    const { cloud, reference } = system;
    const server = cloud.compute.get(id)!;
    const auth = actorAuth(this.actor, projectId);
    const visible =
      !server.deleted && (this.actor === 'admin' || server.projectId === auth.projectId);
    const before = captureState(cloud);
    const body = {
      server: {
        name: this.name,
        ...(atLeast(this.version, '2.19') ? { description: 'renamed' } : {}),
      },
    };
    const res = system.request({
      method: 'PUT',
      path: `/v2.1/servers/${id}`,
      headers: versionHeaders(this.version),
      body,
      auth,
    });
    const where = `PUT ${id} as ${this.actor}`;
    expectResponse(
      system,
      res,
      [
        visible
          ? { status: 200, because: '§2.2 PUT works in any state' }
          : { status: 404, message: `Instance ${id} could not be found.`, because: '§6.2' },
      ],
      where,
      before,
    );
    if (res.status !== 200) return;
    const view = (res.body as { server?: Record<string, unknown> }).server;
    checkServerView(reference, view, where, {
      cloud,
      server,
      isAdmin: this.actor === 'admin',
      version: this.version,
    });
    if (view?.name !== this.name) {
      violated('view', `${where}: the view shows the name ${String(view?.name)}, not ${this.name}`);
    }
  }

  toString(): string {
    const target = this.target === '' ? `#${this.index}` : `#${this.index} = ${this.target}`;
    return `rename(${target} as ${this.actor} @${this.version}, "${this.name}")`;
  }
}
