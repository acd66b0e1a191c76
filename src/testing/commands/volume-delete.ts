import { captureState } from '../invariants/unchanged.js';
import { type Actor, actorAuth } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand } from '../model/cloud-model.js';
import { type Expected, expectResponse } from '../model/expect.js';
import { cinder, named, resourceAt } from '../model/neighbours.js';
import type { CloudSystem } from '../model/system.js';

/** What Cinder deletes without `force` (cinder/volume/api.py `delete`). */
const DELETABLE = new Set([
  'available',
  'error',
  'error_restoring',
  'error_extending',
  'error_managing',
]);

/**
 * `DELETE /v3/{project}/volumes/{id}` on the volume at `index`: another project's is 404;
 * a volume that is attached, or in a status Cinder does not delete from, is 400 and
 * stays; an available one is 202 and goes (`deleting`, then gone on the clock).
 */
export class DeleteVolumeCommand implements CloudCommand {
  private target = '';

  constructor(
    readonly index: number,
    readonly actor: Actor,
  ) {}

  check(model: Readonly<CloudModel>): boolean {
    return model.neighbours.volumes.length > 0;
  }

  run(model: CloudModel, system: CloudSystem): void {
    const resource = resourceAt(model.neighbours.volumes, this.index)!;
    this.target = resource.id;
    runCommand(
      model,
      system,
      () => this.toString(),
      () => {
        const { store } = system.cloud.volume.core;
        const volume = store.volumes.get(resource.id);
        const auth = actorAuth(this.actor, resource.projectId);
        const attached = volume
          ? store.attachmentsOf(volume).some((a) => a.status === 'attached')
          : false;
        let wants: Expected[];
        if (!volume || (this.actor === 'other' && auth.projectId !== resource.projectId)) {
          wants = [{ status: 404, because: 'Cinder: not found for this project' }];
        } else if (volume.host === null) {
          wants = [{ status: 202, because: 'Cinder: an unscheduled volume is destroyed at once' }];
        } else if (volume.status === 'deleting') {
          wants = [{ status: 400, because: 'Cinder: already deleting' }];
        } else if (attached || !DELETABLE.has(volume.status)) {
          wants = [
            {
              status: 400,
              because: `Cinder: ${volume.status}${attached ? ', attached' : ''} is not deletable`,
            },
          ];
        } else {
          wants = [
            { status: 202, because: 'Cinder: an available volume is deleted' },
            // A snapshot of it (none made here) would block it.
            { status: 400, because: 'Cinder: the volume has snapshots' },
          ];
        }
        const before = captureState(system.cloud);
        const res = cinder(system, auth, 'DELETE', `/volumes/${resource.id}`);
        expectResponse(system, res, wants, `delete volume ${resource.id} as ${this.actor}`, before);
      },
    );
  }

  toString(): string {
    return `deleteVolume(${named(this.index, this.target)} as ${this.actor})`;
  }
}
