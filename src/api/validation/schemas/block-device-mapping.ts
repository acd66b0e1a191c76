import type { Schema } from '../validate.js';
import { BOOLEAN, TAG, UUID, VOLUME_SIZE, VOLUME_TYPE } from './parameter-types.js';
import { strictObject } from './versioned.js';

// nova/api/openstack/compute/schemas/servers.py: the legacy mapping and the v2 one, which adds
// fields to the legacy item rather than replacing it.

const LEGACY_ITEM: Readonly<Record<string, Schema>> = {
  virtual_name: { type: 'string', maxLength: 255 },
  volume_id: UUID,
  snapshot_id: UUID,
  volume_size: VOLUME_SIZE,
  // No empty names and no spaces (nova/block_device.py validate_device_name).
  device_name: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9._/-]*$' },
  delete_on_termination: BOOLEAN,
  no_device: {},
  // A MEDIUMTEXT column.
  connection_info: { type: 'string', maxLength: 16777215 },
};

const V2_ITEM: Readonly<Record<string, Schema>> = {
  ...LEGACY_ITEM,
  source_type: { type: 'string', enum: ['volume', 'image', 'snapshot', 'blank'] },
  uuid: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9._-]*$' },
  image_id: UUID,
  destination_type: { type: 'string', enum: ['local', 'volume'] },
  guest_format: { type: 'string', maxLength: 255 },
  device_type: { type: 'string', maxLength: 255 },
  disk_bus: { type: 'string', maxLength: 255 },
  // null is kept for the legacy v2 API.
  boot_index: { type: ['integer', 'string', 'null'], pattern: '^-?[0-9]+$' },
};

/** `server.block_device_mapping`, unchanged since 2.1. */
export const LEGACY_BLOCK_DEVICE_MAPPINGS: Schema = {
  type: 'array',
  items: strictObject(LEGACY_ITEM),
};

/** `server.block_device_mapping_v2`; `tag` at 2.32 and 2.42+, `volume_type` at 2.67+. */
export function blockDeviceMappingsV2(options: { tag: boolean; volumeType: boolean }): Schema {
  return {
    type: 'array',
    items: strictObject({
      ...V2_ITEM,
      ...(options.tag ? { tag: TAG } : {}),
      ...(options.volumeType ? { volume_type: VOLUME_TYPE } : {}),
    }),
  };
}
