import { captureState } from '../invariants/unchanged.js';
import { type Actor, actorAuth } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand, serverAt } from '../model/cloud-model.js';
import { type Expected, expectResponse } from '../model/expect.js';
import { pairOf, subjectOf } from '../model/subject.js';
import type { CloudSystem } from '../model/system.js';
import { violated } from '../model/violation.js';
import { refusalFor } from '../reference/preconditions.js';
import { pairKey, type StatePair } from '../reference/states.js';

/**
 * `DELETE /servers/{id}` on the live server at `index % live.length`. §3.1 decides what
 * follows: ignored while already deleting, a local delete without a live compute, a soft
 * delete when `reclaim_instance_interval` > 0 and the server launched, else a hard one.
 */
export class DeleteServerCommand implements CloudCommand {
  private target = '';

  constructor(
    readonly index: number,
    readonly actor: Actor,
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
      () => this.remove(system, id, projectId),
    );
  }

  private remove(system: CloudSystem, id: string, projectId: string): void {
    const { cloud, reference, config } = system;
    const server = cloud.compute.get(id)!;
    const auth = actorAuth(this.actor, projectId);
    const isAdmin = this.actor === 'admin';
    const subject = subjectOf(cloud, server);
    const from = pairOf(server);
    let wants: Expected[];
    if (server.deleted || (!isAdmin && server.projectId !== auth.projectId)) {
      wants = [{ status: 404, message: `Instance ${id} could not be found.`, because: '§6.2' }];
    } else {
      const refusal = refusalFor(reference.actions.delete, subject, { isAdmin, roles: auth.roles });
      wants = refusal
        ? [{ status: refusal.status, message: refusal.message, because: `§2.4 ${refusal.check}` }]
        : [{ status: 204, because: '§3.1' }];
    }
    const before = captureState(cloud);
    const res = system.request({ method: 'DELETE', path: `/v2.1/servers/${id}`, auth });
    const where = `DELETE ${id} (${pairKey(from)}) as ${this.actor}`;
    expectResponse(system, res, wants, where, before);
    if (res.status !== 204) return;
    const expected: StatePair =
      (from.task === 'deleting' || from.task === 'soft-deleting') && subject.hostUp
        ? from
        : !subject.hostUp
          ? { vm: 'deleted', task: null }
          : config.reclaimInstanceInterval > 0 && subject.launched
            ? { vm: from.vm, task: 'soft-deleting' }
            : { vm: from.vm, task: 'deleting' };
    const to = pairOf(cloud.compute.get(id)!);
    if (to.vm !== expected.vm || to.task !== expected.task) {
      violated(
        'lifecycle',
        `${where}: §3.1 expects ${pairKey(expected)}, the server is ${pairKey(to)}`,
      );
    }
  }

  toString(): string {
    const target = this.target === '' ? `#${this.index}` : `#${this.index} = ${this.target}`;
    return `delete(${target} as ${this.actor})`;
  }
}
