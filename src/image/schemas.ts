import type { Schema } from '../api/validation/validate.js';
import { schemaMessage } from '../api/validation/validate.js';
import { badRequest } from './errors.js';

const UUID =
  '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$';

/** Glance's default `[image_format]` lists. */
export const CONTAINER_FORMATS = [
  'ami',
  'ari',
  'aki',
  'bare',
  'ovf',
  'ova',
  'docker',
  'compressed',
];
export const DISK_FORMATS = [
  'ami',
  'ari',
  'aki',
  'vhd',
  'vhdx',
  'vmdk',
  'raw',
  'qcow2',
  'vdi',
  'iso',
  'ploop',
];

/**
 * The writable part of Glance's image schema (`get_base_properties` with the custom
 * properties of etc/schema-image.json that carry a pattern), extra properties as strings.
 */
export const IMAGE_SCHEMA: Schema = {
  type: 'object',
  properties: {
    id: { type: 'string', pattern: UUID },
    name: { type: ['null', 'string'], maxLength: 255 },
    visibility: { type: 'string', enum: ['community', 'public', 'private', 'shared'] },
    protected: { type: 'boolean' },
    os_hidden: { type: 'boolean' },
    owner: { type: ['null', 'string'], maxLength: 255 },
    container_format: { type: ['null', 'string'], enum: [null, ...CONTAINER_FORMATS] },
    disk_format: { type: ['null', 'string'], enum: [null, ...DISK_FORMATS] },
    min_ram: { type: 'integer' },
    min_disk: { type: 'integer' },
    tags: { type: 'array', items: { type: 'string', maxLength: 255 } },
    // Read-only ones: in the schema (so their types are checked) and refused afterwards.
    status: {
      type: 'string',
      enum: [
        'queued',
        'saving',
        'active',
        'killed',
        'deleted',
        'uploading',
        'importing',
        'pending_delete',
        'deactivated',
      ],
    },
    checksum: { type: ['null', 'string'], maxLength: 32 },
    os_hash_algo: { type: ['null', 'string'], maxLength: 64 },
    os_hash_value: { type: ['null', 'string'], maxLength: 128 },
    size: { type: ['null', 'integer'] },
    virtual_size: { type: ['null', 'integer'] },
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
    kernel_id: { type: ['null', 'string'], pattern: UUID },
    ramdisk_id: { type: ['null', 'string'], pattern: UUID },
  },
  additionalProperties: { type: 'string' },
};

/** Throws Glance's InvalidObject 400 when a body does not match the image schema. */
export function validateImage(body: unknown): void {
  const reason = schemaMessage(IMAGE_SCHEMA, body);
  if (reason !== undefined)
    throw badRequest(`Provided object does not match schema 'image': ${reason}`);
}
