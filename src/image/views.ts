import type { ImageRecord } from './records.js';

/** ISO 8601 in UTC with seconds, as Glance prints times: `2026-01-01T00:00:00Z`. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Properties Glance keeps but never shows (ResponseSerializer._hidden_properties). */
const HIDDEN = new Set(['os_glance_stage_host', 'os_glance_hash_op_host']);

/**
 * The Glance v2 image document (`ResponseSerializer._format_image`): the extra
 * properties, then the base attributes over them.
 *
 * @example
 * imageView(record); // { id, name, status: 'queued', visibility: 'shared', tags: [], ... }
 */
export function imageView(image: ImageRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(image.properties)) {
    if (!HIDDEN.has(key)) view[key] = value;
  }
  Object.assign(view, {
    name: image.name,
    disk_format: image.diskFormat,
    container_format: image.containerFormat,
    visibility: image.visibility,
    size: image.size,
    virtual_size: image.virtualSize,
    status: image.status,
    checksum: image.checksum,
    protected: image.protected,
    min_ram: image.minRam,
    min_disk: image.minDisk,
    owner: image.owner,
    os_hidden: image.osHidden,
    os_hash_algo: image.osHashAlgo,
    os_hash_value: image.osHashValue,
    id: image.id,
    created_at: isoSeconds(image.createdAt),
    updated_at: isoSeconds(image.updatedAt),
    tags: [...image.tags],
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
  });
  return view;
}
