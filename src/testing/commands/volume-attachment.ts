import { captureState } from '../invariants/unchanged.js';
import { memberAuth } from '../model/actors.js';
import { type CloudCommand, type CloudModel, runCommand, serverAt } from '../model/cloud-model.js';
import { type Expected, expectResponse } from '../model/expect.js';
import { named, resourceAt } from '../model/neighbours.js';
import type { CloudSystem } from '../model/system.js';
import { atLeast, versionHeaders } from '../model/versions.js';
import { violated } from '../model/violation.js';

/** Microversions where volume attachments change: 2.1, multiattach (2.60), 2.89 views, the 2.101 cast. */
export const ATTACH_VERSIONS = ['2.1', '2.60', '2.89', 'latest'] as const;

/**
 * Nova's `os-volume_attachments` as the server's owner: attach the volume at `volume`
 * to the live server at `index` (POST), or detach one (DELETE) of the server's volumes
 * (or, with none, the volume at `volume`). Another project's volume is never attached;
 * a volume held by another server only when multiattach; a detach of a volume the
 * server does not hold is refused. On success Nova's BDM and Cinder's attachment agree
 * at once (checked by the volume invariants after every command).
 */
export class VolumeAttachmentCommand implements CloudCommand {
  private server = '';
  private volume = '';

  constructor(
    readonly op: 'attach' | 'detach',
    readonly index: number,
    readonly volumeIndex: number,
    readonly version: string,
  ) {}

  check(model: Readonly<CloudModel>): boolean {
    return model.live.length > 0 && (this.op === 'detach' || model.neighbours.volumes.length > 0);
  }

  run(model: CloudModel, system: CloudSystem): void {
    const { id, projectId } = serverAt(model, this.index);
    this.server = id;
    runCommand(
      model,
      system,
      () => this.toString(),
      () =>
        this.op === 'attach'
          ? this.attach(model, system, projectId)
          : this.detach(model, system, projectId),
    );
  }

  private attach(model: CloudModel, system: CloudSystem, projectId: string): void {
    const resource = resourceAt(model.neighbours.volumes, this.volumeIndex)!;
    this.volume = resource.id;
    const { cloud } = system;
    const volume = cloud.volume.core.store.volumes.get(resource.id);
    const holders = [...cloud.compute.servers.values()].filter(
      (s) => !s.deleted && s.volumes.some((v) => v.id === resource.id),
    );
    const cast = atLeast(this.version, '2.101');
    const refused = (because: string): Expected[] => [
      { status: 404, because },
      { status: 400, because },
      { status: 409, because },
      ...(cast ? [{ status: 202, because: `${because} (2.101: refused after the 202)` }] : []),
    ];
    let wants: Expected[];
    if (!volume || resource.projectId !== projectId) {
      wants = refused('another project’s volume is not found');
    } else if (
      holders.some((s) => s.id === this.server) ||
      (holders.length > 0 && !volume.multiattach)
    ) {
      wants = refused('the volume is already attached');
    } else {
      wants = [
        { status: cast ? 202 : 200, because: 'attach_volume' },
        ...refused('the server or volume state refuses it'),
      ];
    }
    const before = captureState(cloud);
    const res = system.request({
      method: 'POST',
      path: `/v2.1/servers/${this.server}/os-volume_attachments`,
      headers: versionHeaders(this.version),
      auth: memberAuth(projectId),
      body: { volumeAttachment: { volumeId: resource.id } },
    });
    const where = `attach volume ${resource.id} to ${this.server} at ${this.version}`;
    expectResponse(system, res, wants, where, before);
    if (
      res.status === 200 &&
      !cloud.compute.get(this.server)?.volumes.some((v) => v.id === resource.id)
    ) {
      violated('volumes', `${where}: 200, yet the server has no BDM for the volume`);
    }
  }

  private detach(model: CloudModel, system: CloudSystem, projectId: string): void {
    const { cloud } = system;
    const server = cloud.compute.get(this.server)!;
    const held = server.volumes.filter((v) => v.bootIndex !== 0);
    const bdm = held.length > 0 ? held[this.volumeIndex % held.length] : undefined;
    const volumeId = bdm?.id ?? resourceAt(model.neighbours.volumes, this.volumeIndex)?.id;
    if (volumeId === undefined) return;
    this.volume = volumeId;
    const refused = (because: string): Expected[] => [
      { status: 404, because },
      { status: 400, because },
      { status: 409, because },
    ];
    const wants: Expected[] = bdm
      ? [
          { status: 202, because: 'detach_volume' },
          ...refused('the server or volume state refuses it'),
        ]
      : refused('the server does not hold the volume');
    const before = captureState(cloud);
    const res = system.request({
      method: 'DELETE',
      path: `/v2.1/servers/${this.server}/os-volume_attachments/${volumeId}`,
      headers: versionHeaders(this.version),
      auth: memberAuth(projectId),
    });
    const where = `detach volume ${volumeId} from ${this.server} at ${this.version}`;
    expectResponse(system, res, wants, where, before);
    const after = cloud.compute.get(this.server)?.volumes.find((v) => v.id === volumeId);
    if (res.status === 202 && after && !after.detaching) {
      violated('volumes', `${where}: 202, yet the BDM is neither gone nor detaching`);
    }
  }

  toString(): string {
    const volume = named(this.volumeIndex, this.volume);
    const server = named(this.index, this.server);
    return this.op === 'attach'
      ? `attachVolume(${volume} to ${server} at ${this.version})`
      : `detachVolume(${volume} from ${server} at ${this.version})`;
  }
}
