import * as ops from '../../compute/operations.js';
import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import { uuid4 } from '../../random/ids.js';
import type { ApiContext, HandlerResult } from '../context.js';

/**
 * createImage / createBackup: the snapshot image is registered in the catalog at once
 * (Glance would show it queued, then active); < 2.45 answers with a Location header,
 * ≥ 2.45 with `{ image_id }`.
 */
export function createImageAction(
  ctx: ApiContext,
  server: Server,
  args: Record<string, unknown> | null,
  backup: boolean,
): HandlerResult {
  const { cloud } = ctx;
  if (backup && server.imageRef === '') {
    throw NovaError.badRequest('Backup is not supported for volume-backed instances.');
  }
  const metadata = (args?.metadata ?? {}) as Record<string, string>;
  const quotas = cloud.compute.quotasOf(server.projectId);
  if (quotas.metadataItems >= 0 && Object.keys(metadata).length > quotas.metadataItems) {
    throw NovaError.forbidden(`Maximum number of metadata items exceeds ${quotas.metadataItems}`);
  }
  ops.createImage(cloud.compute, server, ctx.caller, backup);
  const id = uuid4(cloud.random);
  const now = cloud.clock.now();
  const base = cloud.catalog.images.get(server.imageRef);
  cloud.catalog.images.set(id, {
    id,
    name: String(args?.name ?? ''),
    status: 'active',
    minDisk: server.flavor.disk,
    minRam: base?.minRam ?? 0,
    size: base?.size ?? 0,
    properties: {
      ...base?.properties,
      ...metadata,
      image_type: backup ? 'backup' : 'snapshot',
      instance_uuid: server.id,
      ...(backup ? { backup_type: String(args?.backup_type ?? '') } : {}),
    },
    createdAt: now,
    updatedAt: now,
    visibility: 'private',
    ownerProjectId: server.projectId,
    serverId: server.id,
  });
  if (ctx.version.atLeast('2.45')) return { status: 202, body: { image_id: id } };
  const rotation = Number(args?.rotation ?? 1);
  if (backup && rotation === 0) return { status: 202 };
  // Nova points at the image in Glance (glance.generate_image_url).
  return { status: 202, headers: { location: `${cloud.config.endpoint}/images/${id}` } };
}
