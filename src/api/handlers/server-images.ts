import { snapshotServer } from '../../compute/image-api.js';
import * as ops from '../../compute/operations.js';
import { isVolumeBacked, type Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult } from '../context.js';
import { authorize } from '../policy.js';

function call(ctx: ApiContext) {
  const { cloud, auth } = ctx;
  return {
    images: cloud.image,
    config: cloud.config,
    projectId: auth.projectId,
    userId: auth.userId,
  };
}

/**
 * createImage / createBackup: a real Glance image, queued now and active once the
 * server's upload step ends; backups rotate then. < 2.45 answers with a Location header,
 * ≥ 2.45 with `{ image_id }`.
 */
export function createImageAction(
  ctx: ApiContext,
  server: Server,
  args: Record<string, unknown> | null,
  backup: boolean,
): HandlerResult {
  const { cloud } = ctx;
  const metadata = (args?.metadata ?? {}) as Record<string, string>;
  // From 2.39 Nova no longer checks the image metadata quota here (servers.py, create_backup.py).
  const quotas = cloud.compute.quotasOf(server.projectId);
  if (
    ctx.version.below('2.39') &&
    quotas.metadataItems >= 0 &&
    Object.keys(metadata).length > quotas.metadataItems
  ) {
    throw NovaError.forbidden(`Maximum number of metadata items exceeds ${quotas.metadataItems}`);
  }
  // servers.py _action_create_image and compute.API.backup ask is_volume_backed_instance.
  const volumeBacked = isVolumeBacked(server);
  if (volumeBacked && !backup) {
    authorize(ctx, 'os_compute_api:servers:create_image:allow_volume_backed', {
      projectId: server.projectId,
    });
  }
  // compute.API.backup checks the state before it refuses a volume-backed server.
  ops.check(cloud.compute, server, ctx.caller, backup ? 'createBackup' : 'createImage');
  if (backup && volumeBacked) {
    throw NovaError.badRequest('Backup is not supported for volume-backed instances.');
  }
  ops.createImage(cloud.compute, server, ctx.caller, backup);
  const rotation = Number(args?.rotation ?? 1);
  const image = snapshotServer(call(ctx), server, {
    name: String(args?.name ?? ''),
    kind: backup ? 'backup' : 'snapshot',
    extra: backup ? { ...metadata, backup_type: String(args?.backup_type ?? '') } : metadata,
    ...(backup ? { rotation } : {}),
  });
  if (ctx.version.atLeast('2.45')) return { status: 202, body: { image_id: image.id } };
  if (backup && rotation === 0) return { status: 202 };
  // Nova points at the image in Glance (glance.generate_image_url).
  return { status: 202, headers: { location: `${cloud.config.endpoint}/images/${image.id}` } };
}

/** shelve: an image-backed server's disk goes to Glance as `<name>-shelved`. */
export function shelveAction(ctx: ApiContext, server: Server): void {
  ops.shelve(ctx.cloud.compute, server, ctx.caller);
  if (isVolumeBacked(server)) return;
  const image = snapshotServer(call(ctx), server, {
    name: `${server.name}-shelved`,
    kind: 'shelve',
    extra: {},
  });
  server.shelvedImageId = image.id;
}

/**
 * Nova deletes the shelved image when the server is unshelved, and when a shelved server
 * is deleted (compute API `_delete`).
 */
export function dropShelvedImage(ctx: ApiContext, server: Server): void {
  const id = server.shelvedImageId;
  if (id === undefined) return;
  delete server.shelvedImageId;
  ctx.cloud.image.deleteImage(id);
}
