import type { Cloud } from '../../cloud.js';
import { violated } from '../model/violation.js';

interface Backup {
  readonly id: string;
  /** The server and backup_type: Nova rotates within one such group. */
  readonly group: string;
  readonly rotation: number;
  /** Event sequence numbers: when Glance made the row, and when it went active. */
  readonly createdSeq: number;
  activatedSeq?: number;
}

/**
 * Backup rotation (nova/compute/manager.py `_rotate_backups`): once a backup goes active,
 * at most `rotation` unprotected backups of its server and type that existed at that moment
 * are left. The ledger learns each backup's rotation from the createBackup request that
 * made it and orders Glance's status events, since virtual timestamps can tie.
 *
 * @example
 * const ledger = new BackupLedger();
 * const detach = ledger.attach(cloud);
 * ledger.expectBackup(2); // before POST /servers/{id}/action {"createBackup": {…, "rotation": 2}}
 * ledger.check(cloud);
 */
export class BackupLedger {
  private readonly backups = new Map<string, Backup>();
  private seq = 0;
  private pending: number | undefined;

  /** Watches a cloud's image events; returns the unsubscribe function. */
  attach(cloud: Cloud): () => void {
    const onStatus = (event: { imageId: string; from: string | null; to: string }) =>
      this.onStatus(cloud, event);
    cloud.events.on('image.status', onStatus);
    return () => cloud.events.off('image.status', onStatus);
  }

  /** The next image Glance makes comes from a createBackup with this rotation. */
  expectBackup(rotation: number | undefined): void {
    this.pending = rotation;
  }

  check(cloud: Cloud): void {
    const last = new Map<string, Backup>();
    for (const backup of this.backups.values()) {
      const before = last.get(backup.group);
      if (backup.activatedSeq === undefined) continue;
      if (!before || backup.activatedSeq > (before.activatedSeq ?? 0))
        last.set(backup.group, backup);
    }
    for (const [group, newest] of last) {
      const kept = [...this.backups.values()].filter((b) => {
        if (b.group !== group || b.createdSeq > (newest.activatedSeq ?? 0)) return false;
        const image = cloud.image.getImage(b.id);
        return image !== undefined && !image.protected && groupOf(image.properties) === group;
      });
      if (kept.length > newest.rotation) {
        violated(
          'images',
          `backup ${newest.id} (rotation ${newest.rotation}) went active, yet ${kept.length} older or equal backups of ${group} remain: ${kept.map((b) => b.id).join(', ')}`,
        );
      }
    }
  }

  private onStatus(cloud: Cloud, event: { imageId: string; from: string | null; to: string }) {
    this.seq++;
    if (event.from === null && this.pending !== undefined) {
      const image = cloud.image.getImage(event.imageId);
      if (image?.properties.image_type === 'backup') {
        this.backups.set(event.imageId, {
          id: event.imageId,
          group: groupOf(image.properties),
          rotation: this.pending,
          createdSeq: this.seq,
        });
      }
      this.pending = undefined;
    }
    const backup = this.backups.get(event.imageId);
    if (backup && event.to === 'active') backup.activatedSeq = this.seq;
  }
}

function groupOf(properties: Readonly<Record<string, string>>): string {
  return `server ${properties.instance_uuid} type ${properties.backup_type}`;
}
