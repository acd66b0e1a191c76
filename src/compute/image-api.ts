import { type CloudConfig, stepDuration } from '../config.js';
import type { ImageRecord, ImageService } from '../image/index.js';
import { isVolumeBacked, type Server } from './server.js';
import type { TaskState } from './states.js';

/** Properties of the base image a snapshot does not inherit (compute/utils.py). */
const NON_INHERITABLE = new Set([
  'cache_in_nova',
  'bittorrent',
  'img_signature',
  'img_signature_hash_method',
  'img_signature_key_type',
  'img_signature_certificate_uuid',
  'cinder_encryption_key_id',
  'cinder_encryption_key_deletion_policy',
  'instance_uuid',
  'user_id',
  'image_type',
  'backup_type',
  'instance_owner',
]);

/** The server's task steps of each kind of snapshot; the last one uploads. */
const STEPS: Readonly<Record<'snapshot' | 'backup' | 'shelve', readonly TaskState[]>> = {
  snapshot: ['image_snapshot_pending', 'image_snapshot', 'image_pending_upload', 'image_uploading'],
  backup: ['image_backup', 'image_pending_upload', 'image_uploading'],
  shelve: ['shelving', 'shelving_image_pending_upload', 'shelving_image_uploading'],
};

export interface SnapshotCall {
  readonly images: ImageService;
  readonly config: CloudConfig;
  /** The caller's project and user: Nova creates the image with the caller's token. */
  readonly projectId: string;
  readonly userId: string;
}

/**
 * compute_utils.create_image, then the compute manager's upload: a queued Glance image
 * that goes saving when the server's upload step starts and active when it ends. The
 * base image's properties are inherited; `extra` (user metadata, backup_type) overrides
 * Nova's own `image_type`, as Nova's `properties.update(extra_properties)` does.
 *
 * @example
 * snapshotServer(call, server, { name: 'snap', kind: 'snapshot', extra: {} });
 */
export function snapshotServer(
  call: SnapshotCall,
  server: Server,
  options: {
    readonly name: string;
    readonly kind: 'snapshot' | 'backup' | 'shelve';
    readonly extra: Readonly<Record<string, string>>;
    readonly rotation?: number;
  },
): ImageRecord {
  const base = call.images.getImage(server.imageRef);
  const inherited = Object.fromEntries(
    Object.entries(base?.properties ?? {}).filter(([key]) => !NON_INHERITABLE.has(key)),
  );
  const sameProject = call.projectId === server.projectId;
  const properties: Record<string, string> = {
    ...inherited,
    instance_uuid: server.id,
    user_id: call.userId,
    image_type: options.kind === 'backup' ? 'backup' : 'snapshot',
    ...options.extra,
    ...(sameProject ? {} : { instance_owner: server.projectId }),
  };
  const volumeBacked = isVolumeBacked(server);
  const steps = STEPS[options.kind];
  const ms = (task: TaskState) => stepDuration(call.config, task);
  return call.images.createSnapshot({
    name: options.name,
    owner: call.projectId,
    visibility: sameProject ? 'private' : 'shared',
    properties,
    minDisk: server.flavor.disk,
    minRam: base?.minRam ?? 0,
    size: volumeBacked ? 0 : (base?.size ?? 0),
    // A volume-backed snapshot is a Cinder snapshot: the image holds no data to upload.
    savingAfterMs: volumeBacked ? 0 : steps.slice(0, -1).reduce((sum, t) => sum + ms(t), 0),
    uploadMs: volumeBacked ? 0 : ms(steps.at(-1)!),
    ...(options.rotation === undefined ? {} : { rotation: options.rotation }),
  });
}
