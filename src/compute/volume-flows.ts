import type { TimerTask, VirtualClock } from '../clock/virtual-clock.js';
import type { FaultInjector } from '../faults/fault-rules.js';
import type { Caller as VolumeCaller } from '../volume/volume-ops.js';
import { openComputeEvent } from './action-records.js';
import type { AttachedVolume, Server } from './server.js';
import type { VolumeApi } from './volume-api.js';

/** How long Nova's compute manager takes to connect, and to disconnect, a volume. */
export const VOLUME_STEP_MS = { connect: 500, attach: 1_000, detach: 1_500 } as const;

/** A Nova volume timer: plain data, so snapshots keep it. */
export interface NovaVolumeTask extends TimerTask {
  readonly kind: 'nova-volume';
  readonly step: 'connect' | 'complete' | 'detach';
  readonly server: string;
  readonly volume: string;
}

/** Nova's compute manager acts with its own (elevated) context. */
export function elevated(projectId: string): VolumeCaller {
  return { projectId, userId: 'nova', isAdmin: true };
}

/** The libvirt device name after the server's last one: vda, vdb, … */
export function nextDevice(server: Server): string {
  const used = new Set(server.volumes.map((v) => v.device).filter((d) => d));
  for (let i = 0; i < 26; i++) {
    const name = `/dev/vd${String.fromCharCode(97 + i)}`;
    if (!used.has(name) && !(i === 0 && server.imageRef !== '')) return name;
  }
  return '/dev/vdz';
}

/**
 * The compute side of Nova's volumes (nova/compute/manager.py and virt/block_device.py):
 * connecting and completing Cinder attachments as a server builds or a volume attaches,
 * detaching them, and cleaning up when the server goes.
 */
export class NovaVolumes {
  private readonly deps: {
    readonly volumes: VolumeApi;
    readonly clock: VirtualClock;
    readonly faults: FaultInjector;
    readonly server: (id: string) => Server | undefined;
  };

  constructor(deps: NovaVolumes['deps']) {
    this.deps = deps;
  }

  /**
   * The build (or unshelve) reached the guest: a volume attached while shelved-offloaded
   * gets its device name now (`default_device_names_for_instance`), then every mapped
   * volume gets its connector and is in use.
   */
  launched(server: Server): void {
    server.volumes.forEach((bdm, i) => {
      if (!bdm.device) server.volumes[i] = { ...bdm, device: nextDevice(server) };
    });
    for (const bdm of server.volumes) this.connect(server, bdm, true);
  }

  /** Terminate: Cinder attachments go, and volumes marked delete_on_termination with them. */
  deleted(server: Server): void {
    const caller = elevated(server.projectId);
    const { volumes } = this.deps;
    for (const bdm of server.volumes) {
      if (bdm.attachmentId && volumes.attachment(caller, bdm.attachmentId)) {
        volumes.attachmentDelete(caller, bdm.attachmentId);
      }
      const volume = volumes.find(caller, bdm.id);
      if (!bdm.deleteOnTermination || !volume || volume.attachments.length > 0) continue;
      try {
        volumes.delete(caller, bdm.id);
      } catch {
        // Nova logs a failed delete_on_termination and carries on.
      }
    }
  }

  /**
   * After the API reserved the attachment and recorded `attach_volume`: the compute's
   * attach_volume (its event on the server's host) connects, then completes, on the clock.
   */
  startAttach(server: Server, bdm: AttachedVolume): void {
    this.openEvent(server, 'attach_volume', 'compute_attach_volume');
    this.schedule('connect', server, bdm.id, VOLUME_STEP_MS.connect);
  }

  /** After begin_detaching: the compute host disconnects, then the attachment goes. */
  startDetach(server: Server, bdm: AttachedVolume): void {
    bdm.detaching = true;
    this.openEvent(server, 'detach_volume', 'compute_detach_volume');
    this.schedule('detach', server, bdm.id, VOLUME_STEP_MS.detach);
  }

  runTask(task: TimerTask): void {
    const server = this.deps.server(String(task.server));
    const bdm = server?.volumes.find((v) => v.id === task.volume);
    if (!server || !bdm || server.deleted) return;
    const caller = elevated(server.projectId);
    switch (task.step) {
      case 'connect':
        this.connect(server, bdm, false);
        this.schedule(
          'complete',
          server,
          bdm.id,
          this.deps.faults.volumeAttachMs(server, VOLUME_STEP_MS.attach),
        );
        return;
      case 'complete':
        if (bdm.attachmentId) this.deps.volumes.attachmentComplete(caller, bdm.attachmentId);
        this.closeEvent(server, 'compute_attach_volume');
        return;
      case 'detach':
        if (bdm.attachmentId && this.deps.volumes.attachment(caller, bdm.attachmentId)) {
          this.deps.volumes.attachmentDelete(caller, bdm.attachmentId);
        }
        server.volumes = server.volumes.filter((v) => v !== bdm);
        this.closeEvent(server, 'compute_detach_volume');
        return;
    }
  }

  private connect(server: Server, bdm: AttachedVolume, complete: boolean): void {
    const caller = elevated(server.projectId);
    const { volumes } = this.deps;
    if (!volumes.find(caller, bdm.id)) return;
    let attachment = bdm.attachmentId ? volumes.attachment(caller, bdm.attachmentId) : undefined;
    if (!attachment) {
      try {
        attachment = volumes.attachmentCreate(caller, bdm.id, server.id);
      } catch {
        return;
      }
      bdm.attachmentId = attachment.id;
    }
    if (attachment.status === 'attached') return;
    const connector = {
      host: server.host ?? '',
      mountpoint: bdm.device ?? '',
      platform: 'x86_64',
      os_type: 'linux',
    };
    volumes.attachmentUpdate(caller, attachment.id, connector);
    if (complete) volumes.attachmentComplete(caller, attachment.id);
  }

  /** The compute's event, in the action the API has just recorded (wrap_instance_event). */
  private openEvent(server: Server, action: string, event: string): void {
    const record = server.actions.at(-1);
    if (record?.action !== action) return;
    openComputeEvent(record, event, server.host, this.deps.clock.now());
  }

  /**
   * The compute finished: the oldest open event of that name closes with Success. Oldest
   * first, as the steps of a server's attaches (or detaches) end in the order they began
   * (unless a slow-attach fault holds back one and not a later one).
   */
  private closeEvent(server: Server, event: string): void {
    for (const action of server.actions) {
      const open = action.events.find((e) => e.event === event && e.finishTime === null);
      if (open === undefined) continue;
      const now = this.deps.clock.now();
      open.finishTime = now;
      open.result = 'Success';
      action.updatedAt = now;
      return;
    }
  }

  private schedule(step: NovaVolumeTask['step'], server: Server, volume: string, ms: number): void {
    const task: NovaVolumeTask = {
      kind: 'nova-volume',
      step,
      server: server.id,
      volume,
      label: `volume ${step} ${volume} on ${server.id}`,
    };
    this.deps.clock.schedule(ms, task);
  }
}
