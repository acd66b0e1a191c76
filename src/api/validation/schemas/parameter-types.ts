import type { Schema } from '../validate.js';

// Transcribed from nova/api/validation/parameter_types.py (master). Shared objects: never mutate
// them; build a new object instead. Keep each object's keys in Nova's order: jsonschema checks
// a schema's keywords in that order and reports the first that fails.

/**
 * Nova's `parameter_types.boolean`: real booleans and these spellings only (master and Zed
 * alike: not oslo's `y`, `t`, `n`, `f`, which strutils takes but this enum refuses).
 */
export const BOOLEAN: Schema = {
  type: ['boolean', 'string'],
  enum: [
    true,
    'True',
    'TRUE',
    'true',
    '1',
    'ON',
    'On',
    'on',
    'YES',
    'Yes',
    'yes',
    false,
    'False',
    'FALSE',
    'false',
    '0',
    'OFF',
    'Off',
    'off',
    'NO',
    'No',
    'no',
  ],
};

/** The spellings of BOOLEAN, for checks done outside a schema. */
export const BOOLEAN_SPELLINGS = BOOLEAN.enum as readonly (string | boolean)[];

// jsonschema applies pattern/minLength to strings and minimum to numbers only, so the string
// "0" passes `POSITIVE_INTEGER` just as it does in Nova.
export const POSITIVE_INTEGER: Schema = {
  type: ['integer', 'string'],
  pattern: '^[0-9]*$',
  minimum: 1,
  minLength: 1,
};

export const NON_NEGATIVE_INTEGER: Schema = {
  type: ['integer', 'string'],
  pattern: '^[0-9]*$',
  minimum: 0,
  minLength: 1,
};

/** 2.90–2.93 `hostname`: a single DNS label. */
export const HOSTNAME: Schema = {
  type: 'string',
  pattern: '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$',
  minLength: 2,
  maxLength: 63,
};

/** Host names of compute services, and `hostname` from 2.94 (Nova calls it `fqdn`). */
export const FQDN: Schema = {
  type: 'string',
  pattern: '^[a-zA-Z0-9-._]*$',
  minLength: 1,
  maxLength: 255,
};

export const NAME: Schema = { type: 'string', format: 'name', minLength: 1, maxLength: 255 };

export const NAME_OR_NONE: Schema = {
  oneOf: [{ type: 'string', minLength: 1, maxLength: 255 }, { type: 'null' }],
};

// Nova's printable class: no C* category and no Z* other than Zs, built over the BMP only, so
// astral characters (emoji) are rejected too.
const PRINTABLE_PATTERN = '^[^\\p{C}\\p{Zl}\\p{Zp}\\u{10000}-\\u{10FFFF}]*$';

export const DESCRIPTION: Schema = {
  type: ['string', 'null'],
  pattern: PRINTABLE_PATTERN,
  minLength: 0,
  maxLength: 255,
};

export const UUID: Schema = { type: 'string', format: 'uuid' };

export const IMAGE_ID_OR_EMPTY_STRING: Schema = {
  oneOf: [
    { type: 'string', format: 'uuid' },
    { type: 'string', maxLength: 0 },
  ],
};

/** Never stored, so Nova puts no limit on it. */
export const ADMIN_PASSWORD: Schema = { type: 'string' };

/** An id or a URL whose last segment is the id. */
export const FLAVOR_REF: Schema = { type: ['string', 'integer'], minLength: 1 };

export const METADATA_KEY_PATTERN = '^[a-zA-Z0-9-_:. ]{1,255}$';

export const METADATA: Schema = {
  type: 'object',
  patternProperties: { [METADATA_KEY_PATTERN]: { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};

export const IP_ADDRESS: Schema = {
  type: 'string',
  oneOf: [{ format: 'ipv4' }, { format: 'ipv6' }],
};

export const ACCESS_IPV4: Schema = { type: 'string', format: 'ipv4' };
export const ACCESS_IPV6: Schema = { type: 'string', format: 'ipv6' };

/** In GiB; capped at the database's MAX_INT. */
export const VOLUME_SIZE: Schema = {
  type: ['integer', 'string'],
  pattern: '^[0-9]+$',
  minimum: 1,
  maximum: 2147483647,
};

export const VOLUME_TYPE: Schema = { type: ['string', 'null'], minLength: 0, maxLength: 255 };

export const DISK_CONFIG: Schema = { type: 'string', enum: ['AUTO', 'MANUAL'] };

export const PERSONALITY: Schema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      path: { type: 'string' },
      contents: { type: 'string', format: 'base64' },
    },
    additionalProperties: false,
  },
};

/** nova/objects/instance.py MAX_TAG_COUNT and nova/objects/tag.py MAX_TAG_LENGTH. */
export const MAX_TAG_COUNT = 50;
export const MAX_TAG_LENGTH = 60;

export const TAG: Schema = {
  type: 'string',
  pattern: '^[^,/]*$',
  minLength: 1,
  maxLength: MAX_TAG_LENGTH,
};

export const TAGS: Schema = { type: 'array', items: TAG, maxItems: MAX_TAG_COUNT };

export const TRUSTED_CERTS: Schema = {
  type: ['array', 'null'],
  minItems: 1,
  maxItems: 50,
  uniqueItems: true,
  items: { type: 'string', minLength: 1 },
};

/** The length limit is on the encoded text, as Nova checks it. */
export const USER_DATA: Schema = { type: 'string', format: 'base64', maxLength: 65535 };

/** Rebuild (2.57+) accepts null to clear the user data. */
export const USER_DATA_OR_NULL: Schema = {
  type: ['string', 'null'],
  format: 'base64',
  maxLength: 65535,
};

/** Nova's `{}`: any JSON value, for bodies it has never constrained (`{"pause": null}`). */
export const ANY: Schema = {};
