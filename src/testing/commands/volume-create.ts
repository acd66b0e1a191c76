import { captureState } from '../invariants/unchanged.js';
import { memberAuth, type Project } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand } from '../model/cloud-model.js';
import { expectResponse } from '../model/expect.js';
import { cinder } from '../model/neighbours.js';
import type { CloudSystem } from '../model/system.js';
import { violated } from '../model/violation.js';

/**
 * `POST /v3/{project}/volumes` as a member of `project`: 202 and `creating` (available
 * later, on the clock), or 413 once the project's Cinder quota is used up.
 */
export class CreateVolumeCommand implements CloudCommand {
  private created = '';

  constructor(
    readonly project: Project,
    readonly size: number,
    readonly multiattach: boolean,
  ) {}

  check(): boolean {
    return true;
  }

  run(model: CloudModel, system: CloudSystem): void {
    runCommand(
      model,
      system,
      () => this.toString(),
      () => {
        const auth = memberAuth(this.project);
        const before = captureState(system.cloud);
        // Multiattach comes from the volume type: Cinder refuses the old `multiattach` key.
        const type = this.multiattach ? { volume_type: 'multiattach' } : {};
        const body = { volume: { size: this.size, ...type } };
        const res = cinder(system, auth, 'POST', '/volumes', body);
        const where = `create volume of ${this.size} GB in ${this.project}`;
        expectResponse(
          system,
          res,
          [
            { status: 202, because: 'Cinder: create is accepted' },
            { status: 413, because: 'Cinder: over the volumes or gigabytes quota' },
          ],
          where,
          before,
        );
        if (res.status !== 202) return;
        const volume = (res.body as { volume?: { id?: unknown; status?: unknown } }).volume;
        if (typeof volume?.id !== 'string' || volume.status !== 'creating') {
          violated(
            'response',
            `${where}: 202 with ${JSON.stringify(res.body)}, not a creating volume`,
          );
        }
        this.created = volume.id;
        model.neighbours.volumes.push({ id: volume.id, projectId: auth.projectId });
      },
    );
  }

  toString(): string {
    const made = this.created === '' ? '' : ` = ${this.created}`;
    return `createVolume(${this.project}, ${this.size} GB${this.multiattach ? ', multiattach' : ''})${made}`;
  }
}
