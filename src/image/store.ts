import { createHash } from 'node:crypto';
import type { Image } from '../catalog/catalog.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { CloudEvents } from '../events.js';
import type { FaultInjector } from '../faults/fault-rules.js';
import { uuid4 } from '../random/ids.js';
import type { Random } from '../random/prng.js';
import type { Auth } from '../service/contract.js';
import { canGet } from './access.js';
import { badRequest, conflict, forbidden, imageNotFound } from './errors.js';
import { canMove, transitionMessage } from './machine.js';
import { type ImageRecord, type ImageStatus, ImageTable, recordOf } from './records.js';

/** What the image service needs from the cloud. */
export interface ImageDeps {
  readonly clock: VirtualClock;
  readonly random: () => Random;
  readonly events?: {
    emit: (name: 'image.status', event: Parameters<CloudEvents['image.status']>[0]) => unknown;
  };
  readonly faults?: Pick<FaultInjector, 'imageUploadMs' | 'imageUploadFailure'>;
  /** Timed steps, virtual ms. */
  readonly uploadMs?: number;
  readonly importMs?: number;
}

export interface SnapshotRequest {
  readonly name: string;
  readonly owner: string;
  readonly visibility: 'private' | 'shared';
  readonly properties: Record<string, string>;
  readonly minDisk: number;
  readonly minRam: number;
  /** Bytes the uploaded disk will have. */
  readonly size: number;
  /** When the upload starts (queued → saving), ms from now. */
  readonly savingAfterMs: number;
  /** How long the upload takes (saving → active), before slow-upload faults. */
  readonly uploadMs: number;
  /** createBackup: keep this many newest backups of the type once this one is active. */
  readonly rotation?: number;
}

export interface ImageStoreSnapshot {
  readonly images: readonly ImageRecord[];
}

/** Statuses that need the image's formats to be set (the domain's status setter). */
const DATA_STATUSES: ReadonlySet<ImageStatus> = new Set(['saving', 'active', 'importing']);

export const DEFAULT_UPLOAD_MS = 2000;
export const DEFAULT_IMPORT_MS = 3000;

export function hexDigest(algorithm: 'md5' | 'sha512', data: string | Uint8Array): string {
  return createHash(algorithm).update(data).digest('hex');
}

/**
 * Glance's image repository and domain rules: rows, status moves on the clock, and the
 * data of each image. Handlers check policy and input; this keeps the state consistent.
 */
export class ImageStore {
  readonly table = new ImageTable();
  readonly deps: ImageDeps;

  constructor(deps: ImageDeps) {
    this.deps = deps;
  }

  now(): number {
    return this.deps.clock.now();
  }

  newId(): string {
    return uuid4(this.deps.random());
  }

  /** A live image the caller may see, or Glance's 404 `No image found with ID …`. */
  visible(id: string, auth: Auth): ImageRecord {
    const image = this.table.live(id);
    if (!image || !canGet(image, auth)) throw imageNotFound(id);
    return image;
  }

  seed(images: readonly Omit<Image, 'createdAt' | 'updatedAt'>[]): void {
    for (const image of images) this.table.add(recordOf(image, this.now(), hexDigest));
  }

  restore(snapshot: ImageStoreSnapshot): void {
    for (const image of structuredClone(snapshot.images)) this.table.add(image);
  }

  snapshot(): ImageStoreSnapshot {
    return { images: structuredClone(this.table.all()) };
  }

  /** A fresh queued row with Glance's defaults (`ImageFactory.new_image`). */
  create(fields: Partial<ImageRecord> & { owner: string | null }): ImageRecord {
    const now = this.now();
    const record: ImageRecord = {
      id: fields.id ?? this.newId(),
      name: fields.name ?? null,
      status: 'queued',
      visibility: fields.visibility ?? 'shared',
      protected: fields.protected ?? false,
      osHidden: fields.osHidden ?? false,
      owner: fields.owner,
      containerFormat: fields.containerFormat ?? null,
      diskFormat: fields.diskFormat ?? null,
      minDisk: fields.minDisk ?? 0,
      minRam: fields.minRam ?? 0,
      size: null,
      virtualSize: null,
      checksum: null,
      osHashAlgo: null,
      osHashValue: null,
      properties: { ...fields.properties },
      tags: [...new Set(fields.tags ?? [])],
      createdAt: now,
      updatedAt: now,
      data: null,
      staged: null,
    };
    this.table.add(record);
    this.emit(record, null, 'queued');
    return record;
  }

  /** Moves an image along Glance's transition table; 409 with Glance's message otherwise. */
  move(image: ImageRecord, to: ImageStatus): void {
    const from = image.status;
    if (!canMove(from, to)) throw conflict(transitionMessage(from, to));
    if ((from === 'queued' || from === 'uploading') && DATA_STATUSES.has(to)) requireFormats(image);
    image.status = to;
    image.updatedAt = this.now();
    // Glance clears the size whenever an image goes back to queued.
    if (to === 'queued') {
      image.size = null;
      image.virtualSize = null;
    }
    this.emit(image, from, to);
  }

  /**
   * PUT /file: saving now, active (or back to queued on an injected failure) after the
   * upload step. Nova's snapshots use it too, with no bytes and the size of the disk.
   */
  upload(
    image: ImageRecord,
    data: Uint8Array | null,
    size?: number,
    nova?: { readonly uploadMs: number; readonly rotation?: number },
  ): void {
    this.move(image, 'saving');
    const bytes = data ?? new Uint8Array(0);
    const base = nova?.uploadMs ?? this.deps.uploadMs ?? DEFAULT_UPLOAD_MS;
    const ms = this.deps.faults?.imageUploadMs(image, base) ?? base;
    this.deps.clock.schedule(ms, {
      kind: 'image',
      step: 'upload-done',
      imageId: image.id,
      data: data === null ? null : Buffer.from(bytes).toString('base64'),
      size: size ?? bytes.length,
      checksum: hexDigest('md5', bytes),
      hash: hexDigest('sha512', bytes),
      ...(nova ? { nova: true } : {}),
      ...(nova?.rotation === undefined ? {} : { rotation: nova.rotation }),
      label: `image ${image.id} upload`,
    });
  }

  /** PUT /stage: queued → uploading, the bytes kept for a glance-direct import. */
  stage(image: ImageRecord, data: Uint8Array): void {
    if (image.staged !== null) throw conflict(`The image ${image.id} has data on staging`);
    this.move(image, 'uploading');
    image.staged = Buffer.from(data).toString('base64');
    image.size = data.length;
  }

  /** POST /import (glance-direct): uploading → importing, active after the import step. */
  import(image: ImageRecord): void {
    if (image.status === 'active')
      throw conflict('Image with status active cannot be target for import');
    if (image.status !== 'uploading')
      throw conflict("Image needs to be staged before 'glance-direct' method can be used");
    if (!image.containerFormat) throw conflict("'container_format' needs to be set before import");
    if (!image.diskFormat) throw conflict("'disk_format' needs to be set before import");
    this.move(image, 'importing');
    this.deps.clock.schedule(this.deps.importMs ?? DEFAULT_IMPORT_MS, {
      kind: 'image',
      step: 'import-done',
      imageId: image.id,
      label: `image ${image.id} import`,
    });
  }

  delete(image: ImageRecord): void {
    if (image.protected) throw forbidden(`Image ${image.id} is protected and cannot be deleted.`);
    this.move(image, 'deleted');
    image.data = null;
    image.staged = null;
  }

  /**
   * Nova's snapshot (createImage, createBackup, shelve): queued now, saving when the
   * server's upload step starts, active when it ends; backups rotate once active.
   */
  createSnapshot(request: SnapshotRequest): ImageRecord {
    const image = this.create({
      name: request.name,
      owner: request.owner,
      visibility: request.visibility,
      minDisk: request.minDisk,
      minRam: request.minRam,
      properties: request.properties,
    });
    this.deps.clock.schedule(request.savingAfterMs, {
      kind: 'image',
      step: 'snapshot-saving',
      imageId: image.id,
      size: request.size,
      uploadMs: request.uploadMs,
      ...(request.rotation === undefined ? {} : { rotation: request.rotation }),
      label: `image ${image.id} snapshot`,
    });
    return image;
  }

  /** nova's `_rotate_backups`: the newest `rotation` backups of the type stay. */
  private rotate(image: ImageRecord, rotation: number): void {
    const { instance_uuid: server, backup_type: type } = image.properties;
    const backups = this.table
      .all()
      .filter(
        (i) =>
          i.status !== 'deleted' &&
          i.properties.image_type === 'backup' &&
          i.properties.backup_type === type &&
          i.properties.instance_uuid === server,
      )
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
    for (const old of backups.slice(Math.max(rotation, 0))) {
      if (!old.protected) this.delete(old);
    }
  }

  /** Runs one of the service's clock tasks; a task for an image that moved on is dropped. */
  runTask(task: Readonly<Record<string, unknown>>): void {
    const image = this.table.live(String(task.imageId));
    if (!image) return;
    if (task.step === 'snapshot-saving' && image.status === 'queued') {
      // The hypervisor driver names the formats when it uploads (libvirt: bare, qcow2).
      image.containerFormat ??= 'bare';
      image.diskFormat ??= 'qcow2';
      const rotation = task.rotation as number | undefined;
      this.upload(image, null, Number(task.size), {
        uploadMs: Number(task.uploadMs),
        ...(rotation === undefined ? {} : { rotation }),
      });
    } else if (task.step === 'upload-done' && image.status === 'saving') {
      if (this.deps.faults?.imageUploadFailure(image)) {
        // Glance puts a failed upload back to queued; Nova deletes its snapshot on error.
        if (task.nova) this.delete(image);
        else this.move(image, 'queued');
        return;
      }
      image.size = Number(task.size);
      image.checksum = String(task.checksum);
      image.osHashAlgo = 'sha512';
      image.osHashValue = String(task.hash);
      image.data = (task.data as string | null) ?? null;
      this.move(image, 'active');
      if (typeof task.rotation === 'number') this.rotate(image, task.rotation);
    } else if (task.step === 'import-done' && image.status === 'importing') {
      const bytes = Buffer.from(image.staged ?? '', 'base64');
      image.data = image.staged;
      image.staged = null;
      image.checksum = hexDigest('md5', bytes);
      image.osHashAlgo = 'sha512';
      image.osHashValue = hexDigest('sha512', bytes);
      this.move(image, 'active');
      image.size = bytes.length;
    }
  }

  private emit(image: ImageRecord, from: ImageStatus | null, to: ImageStatus): void {
    this.deps.events?.emit('image.status', { imageId: image.id, from, to, at: this.now() });
  }
}

/** `Image.status` setter: data needs both formats set first (Glance's ValueError → 400). */
function requireFormats(image: ImageRecord): void {
  const missing = [
    ...(image.diskFormat ? [] : ['disk_format']),
    ...(image.containerFormat ? [] : ['container_format']),
  ];
  if (missing.length === 0) return;
  const noun = missing.length === 1 ? 'Property' : 'Properties';
  throw badRequest(`${noun} ${missing.join(', ')} must be set prior to saving data.`);
}
