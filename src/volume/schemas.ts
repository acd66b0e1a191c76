import type { Microversion } from '../api/microversion.js';
import { BOOLEAN } from '../api/validation/schemas/parameter-types.js';
import type { Schema } from '../api/validation/validate.js';

// Transcribed from cinder/api/schemas/*.py and cinder/api/validation/parameter_types.py.

const NAME: Schema = { type: ['string', 'null'], maxLength: 255 };
const DESCRIPTION: Schema = { type: ['string', 'null'], maxLength: 255 };
const OPTIONAL_UUID: Schema = { type: ['string', 'null'], format: 'uuid' };
const METADATA: Schema = {
  type: ['object', 'null'],
  patternProperties: { '^[a-zA-Z0-9-_:. /]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};
const EXTRA_SPECS: Schema = {
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. /]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};
const VOLUME_SIZE: Schema = {
  type: ['integer', 'string', 'null'],
  pattern: '^[0-9]+$',
  minimum: 1,
  maximum: 2147483647,
};
const REQUIRED_SIZE: Schema = {
  type: ['integer', 'string'],
  pattern: '^[0-9]+$',
  minimum: 1,
  maximum: 2147483647,
};

const VOLUME_PROPERTIES: Schema = {
  name: NAME,
  description: DESCRIPTION,
  display_name: NAME,
  display_description: DESCRIPTION,
  volume_type: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
  metadata: METADATA,
  snapshot_id: OPTIONAL_UUID,
  source_volid: OPTIONAL_UUID,
  consistencygroup_id: OPTIONAL_UUID,
  size: VOLUME_SIZE,
  availability_zone: { type: ['string', 'null'], minLength: 1, maxLength: 255 },
  multiattach: {
    ...BOOLEAN,
    type: ['boolean', 'string', 'null'],
    enum: [...(BOOLEAN.enum as unknown[]), null],
  },
  image_id: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
  imageRef: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
  group_id: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
  backup_id: OPTIONAL_UUID,
};

const createLegacy: Schema = {
  type: 'object',
  properties: {
    volume: { type: 'object', properties: VOLUME_PROPERTIES, additionalProperties: true },
    'OS-SCH-HNT:scheduler_hints': { type: ['object', 'null'] },
  },
  required: ['volume'],
  additionalProperties: false,
};
const create353: Schema = {
  ...createLegacy,
  properties: {
    ...(createLegacy.properties as Schema),
    volume: { type: 'object', properties: VOLUME_PROPERTIES, additionalProperties: false },
  },
};

/** POST /volumes: from 3.53 unknown fields are refused. */
export function createVolumeSchema(version: Microversion): Schema {
  return version.atLeast('3.53') ? create353 : createLegacy;
}

const UPDATE_PROPERTIES: Schema = {
  name: NAME,
  description: DESCRIPTION,
  display_name: NAME,
  display_description: DESCRIPTION,
  metadata: EXTRA_SPECS,
};
const updateLegacy: Schema = {
  type: 'object',
  properties: {
    volume: { type: 'object', properties: UPDATE_PROPERTIES, additionalProperties: false },
  },
  required: ['volume'],
  additionalProperties: false,
};
const update353: Schema = {
  ...updateLegacy,
  properties: {
    volume: {
      type: 'object',
      properties: UPDATE_PROPERTIES,
      additionalProperties: false,
      anyOf: ['name', 'description', 'display_name', 'display_description', 'metadata'].map(
        (key) => ({ required: [key] }),
      ),
    },
  },
};

export function updateVolumeSchema(version: Microversion): Schema {
  return version.atLeast('3.53') ? update353 : updateLegacy;
}

export const extendSchema: Schema = {
  type: 'object',
  properties: {
    'os-extend': {
      type: 'object',
      properties: { new_size: REQUIRED_SIZE },
      required: ['new_size'],
      additionalProperties: false,
    },
  },
  required: ['os-extend'],
  additionalProperties: false,
};

export const resetStatusSchema: Schema = {
  type: 'object',
  properties: {
    'os-reset_status': {
      type: 'object',
      properties: {
        status: { type: ['string', 'null'] },
        attach_status: { type: ['string', 'null'] },
        migration_status: { type: ['string', 'null'] },
      },
      additionalProperties: false,
    },
  },
  required: ['os-reset_status'],
  additionalProperties: false,
};

export const setBootableSchema: Schema = {
  type: 'object',
  properties: {
    'os-set_bootable': {
      type: 'object',
      properties: { bootable: BOOLEAN },
      required: ['bootable'],
      additionalProperties: false,
    },
  },
  required: ['os-set_bootable'],
  additionalProperties: false,
};

export const createSnapshotSchema: Schema = {
  type: 'object',
  properties: {
    snapshot: {
      type: 'object',
      properties: {
        name: NAME,
        display_name: NAME,
        description: DESCRIPTION,
        display_description: DESCRIPTION,
        // parameter_types.uuid_allow_null: a null id is VolumeNotFound's 404, not a 400.
        volume_id: { type: ['string', 'null'], format: 'uuid' },
        force: BOOLEAN,
        metadata: METADATA,
      },
      required: ['volume_id'],
      additionalProperties: false,
    },
  },
  required: ['snapshot'],
  additionalProperties: false,
};

export const updateSnapshotSchema: Schema = {
  type: 'object',
  properties: {
    snapshot: {
      type: 'object',
      properties: {
        name: NAME,
        description: DESCRIPTION,
        display_name: NAME,
        display_description: DESCRIPTION,
      },
      additionalProperties: false,
      anyOf: ['name', 'description', 'display_name', 'display_description'].map((key) => ({
        required: [key],
      })),
    },
  },
  required: ['snapshot'],
  additionalProperties: false,
};

const CONNECTOR: Schema = { type: ['object', 'null'] };

export function createAttachmentSchema(version: Microversion): Schema {
  const properties: Schema = {
    instance_uuid: { type: ['string', 'null'], format: 'uuid' },
    connector: CONNECTOR,
    volume_uuid: { type: 'string', format: 'uuid' },
  };
  if (version.atLeast('3.54')) properties.mode = { type: 'string', enum: ['rw', 'ro'] };
  return {
    type: 'object',
    properties: {
      attachment: {
        type: 'object',
        properties,
        required: ['volume_uuid'],
        additionalProperties: false,
      },
    },
    required: ['attachment'],
    additionalProperties: false,
  };
}

export const updateAttachmentSchema: Schema = {
  type: 'object',
  properties: {
    attachment: {
      type: 'object',
      properties: { connector: { type: 'object' } },
      required: ['connector'],
      additionalProperties: false,
    },
  },
  required: ['attachment'],
  additionalProperties: false,
};

const QUOTA_VALUE: Schema = {
  type: ['integer', 'string'],
  pattern: '^-?[0-9]+$',
  minimum: -1,
  maximum: 2147483647,
};

export const updateQuotaSchema: Schema = {
  type: 'object',
  properties: {
    quota_set: {
      type: 'object',
      patternProperties: { '^[a-zA-Z0-9-_:. ]{1,300}$': QUOTA_VALUE },
      additionalProperties: false,
    },
  },
  required: ['quota_set'],
  additionalProperties: false,
};
