import { requestId as newRequestId } from '../random/ids.js';
import {
  beginDetaching,
  completeAttachment,
  createAttachment,
  deleteAttachment,
  getAttachment,
  rollDetaching,
  updateAttachment,
} from '../volume/attachment-ops.js';
import type { VolumeCore } from '../volume/core.js';
import { isCinderError } from '../volume/errors.js';
import type { AttachmentRecord, SnapshotRecord, VolumeRecord } from '../volume/records.js';
import {
  type Caller,
  type CreateVolumeSpec,
  createVolume,
  deleteVolume,
  getSnapshot,
  getVolume,
} from '../volume/volume-ops.js';

/**
 * What Nova asks of Cinder (nova/volume/cinder.py `API`), typed and in-process. Cinder's
 * refusals come back as {@link CinderClientError}, carrying what python-cinderclient's
 * exception would print, so Nova can wrap them as it does.
 */
export interface VolumeApi {
  get(caller: Caller, id: string): VolumeRecord;
  getSnapshot(caller: Caller, id: string): SnapshotRecord;
  /** Exists and visible, without throwing. */
  find(caller: Caller, id: string): VolumeRecord | undefined;
  create(caller: Caller, spec: CreateVolumeSpec): VolumeRecord;
  delete(caller: Caller, id: string): void;
  attachmentCreate(caller: Caller, volumeId: string, instanceUuid: string): AttachmentRecord;
  attachmentUpdate(caller: Caller, attachmentId: string, connector: Record<string, unknown>): void;
  attachmentComplete(caller: Caller, attachmentId: string): void;
  attachmentDelete(caller: Caller, attachmentId: string): void;
  attachment(caller: Caller, attachmentId: string): AttachmentRecord | undefined;
  beginDetaching(caller: Caller, volumeId: string): void;
  rollDetaching(caller: Caller, volumeId: string): void;
  isMultiattach(volume: VolumeRecord): boolean;
}

/** A Cinder error as python-cinderclient raises it: code and printed message. */
export class CinderClientError extends Error {
  override readonly name = 'CinderClientError';
  readonly code: number;
  /** `message (HTTP code) (Request-ID: req-...)`, as `str(exc)` prints it. */
  readonly printed: string;

  constructor(code: number, message: string, requestId: string) {
    super(message);
    this.code = code;
    this.printed = `${message} (HTTP ${code}) (Request-ID: ${requestId})`;
  }
}

export function isCinderClientError(value: unknown): value is CinderClientError {
  return (value as Error | null)?.name === 'CinderClientError';
}

/**
 * Nova's Cinder client over the simulated Cinder's core.
 *
 * @example
 * const volumes = createVolumeApi(cloud.volume.core);
 * volumes.attachmentCreate(caller, volumeId, serverId); // the volume is `reserved`
 */
export function createVolumeApi(core: VolumeCore): VolumeApi {
  const call = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (!isCinderError(error)) throw error;
      throw new CinderClientError(error.code, error.message, newRequestId(core.deps.random()));
    }
  };
  return {
    get: (caller, id) => call(() => getVolume(core, caller, id)),
    getSnapshot: (caller, id) => call(() => getSnapshot(core, caller, id)),
    find: (caller, id) => {
      const volume = core.store.volumes.get(id);
      return volume && (caller.isAdmin || volume.projectId === caller.projectId)
        ? volume
        : undefined;
    },
    create: (caller, spec) => call(() => createVolume(core, caller, spec)),
    delete: (caller, id) => call(() => deleteVolume(core, caller, getVolume(core, caller, id))),
    attachmentCreate: (caller, volumeId, instanceUuid) =>
      call(() => createAttachment(core, getVolume(core, caller, volumeId), instanceUuid, null)),
    attachmentUpdate: (caller, id, connector) =>
      call(() => updateAttachment(core, getAttachment(core, caller, id), connector)),
    attachmentComplete: (caller, id) =>
      call(() => completeAttachment(core, getAttachment(core, caller, id))),
    attachmentDelete: (caller, id) =>
      call(() => {
        deleteAttachment(core, getAttachment(core, caller, id));
      }),
    attachment: (caller, id) => {
      const attachment = core.store.attachments.get(id);
      return attachment && (caller.isAdmin || attachment.projectId === caller.projectId)
        ? attachment
        : undefined;
    },
    beginDetaching: (caller, id) => call(() => beginDetaching(core, getVolume(core, caller, id))),
    rollDetaching: (caller, id) => call(() => rollDetaching(core, getVolume(core, caller, id))),
    isMultiattach: (volume) => volume.multiattach,
  };
}
