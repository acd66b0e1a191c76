import { BOOLEAN } from '../api/validation/schemas/parameter-types.js';
import type { Schema } from '../api/validation/validate.js';

// Cinder's request schemas for volume types and their extra specs
// (cinder/api/schemas/volume_types.py, types_extra_specs.py; parameter_types).

const DESCRIPTION: Schema = { type: ['string', 'null'], minLength: 0, maxLength: 255 };

/** Keys may hold spaces and slashes here; values may be null. */
const SPECS_WITH_NULL: Schema = {
  type: 'object',
  patternProperties: {
    '^[a-zA-Z0-9-_:. /]{1,255}$': { type: ['string', 'null'], maxLength: 255 },
  },
  additionalProperties: false,
};

/** The extra-specs API's keys: no spaces. */
const SPECS_NO_SPACES: Schema = {
  type: 'object',
  patternProperties: {
    '^[a-zA-Z0-9-_:.]{1,255}$': { type: ['string', 'null'], minLength: 0, maxLength: 255 },
  },
  additionalProperties: false,
};

export const createTypeSchema: Schema = {
  type: 'object',
  properties: {
    volume_type: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 255 },
        description: DESCRIPTION,
        extra_specs: SPECS_WITH_NULL,
        'os-volume-type-access:is_public': BOOLEAN,
      },
      required: ['name'],
      additionalProperties: false,
    },
  },
  required: ['volume_type'],
  additionalProperties: false,
};

export const updateTypeSchema: Schema = {
  type: 'object',
  properties: {
    volume_type: {
      type: 'object',
      properties: {
        name: { type: ['string', 'null'], minLength: 1, maxLength: 255 },
        description: DESCRIPTION,
        is_public: BOOLEAN,
      },
      additionalProperties: false,
    },
  },
  required: ['volume_type'],
  additionalProperties: false,
};

export const extraSpecsSchema: Schema = {
  type: 'object',
  properties: { extra_specs: SPECS_NO_SPACES },
  required: ['extra_specs'],
  additionalProperties: false,
};

export const extraSpecUpdateSchema: Schema = {
  ...SPECS_NO_SPACES,
  minProperties: 1,
  maxProperties: 1,
};
