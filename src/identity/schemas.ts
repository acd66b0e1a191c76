import { type Schema, validateBody } from '../api/validation/validate.js';
import { isNovaError } from '../errors/nova-error.js';
import { errors } from './errors.js';

// Keystone's request schemas (keystone/*/schema.py). Its validator words errors as Nova's
// does ("Invalid input for field/attribute <f>. Value: <v>. <why>"), so Nova's ajv setup
// gives the same messages.

/** keystone.api.validation.parameter_types.boolean: booleans and their spellings. */
const BOOLEAN_SPELLINGS = [
  true,
  'True',
  'TRUE',
  'true',
  false,
  'False',
  'FALSE',
  'false',
  '',
  '1',
  '0',
  'y',
  'Y',
  'n',
  'N',
  'on',
  'ON',
  'off',
  'OFF',
  'yes',
  'no',
];
const TRUE_SPELLINGS = new Set<unknown>([
  true,
  'True',
  'TRUE',
  'true',
  '1',
  'y',
  'Y',
  'on',
  'ON',
  'yes',
]);

const boolean: Schema = { type: ['boolean', 'string', 'null'], enum: BOOLEAN_SPELLINGS };
const nullableString: Schema = { type: ['string', 'null'] };
const idString: Schema = {
  type: ['string', 'null'],
  minLength: 1,
  maxLength: 64,
  pattern: '^[a-zA-Z0-9-]+$',
};
const projectName: Schema = { type: 'string', minLength: 1, maxLength: 64, pattern: '[\\S]+' };
const identityName: Schema = { type: 'string', minLength: 1, maxLength: 255, pattern: '[\\S]+' };
const tags: Schema = {
  type: 'array',
  items: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^,/]*$' },
  maxItems: 80,
  uniqueItems: true,
};
const options: Schema = { type: 'object' };

const projectProperties = {
  description: nullableString,
  domain_id: idString,
  enabled: boolean,
  is_domain: boolean,
  parent_id: idString,
  name: projectName,
  tags,
  options,
};

const wrapped = (key: string, inner: Schema): Schema => ({
  type: 'object',
  properties: { [key]: { type: 'object', ...inner } },
  required: [key],
  additionalProperties: false,
});

export const projectCreateSchema = wrapped('project', {
  properties: projectProperties,
  required: ['name'],
});

export const projectUpdateSchema = wrapped('project', {
  properties: {
    description: nullableString,
    enabled: boolean,
    name: projectName,
    options,
    tags,
  },
});

const userProperties = {
  default_project_id: nullableString,
  description: nullableString,
  domain_id: { type: 'string' },
  enabled: boolean,
  name: identityName,
  password: nullableString,
  options,
};

export const userCreateSchema = wrapped('user', {
  properties: userProperties,
  required: ['name'],
  additionalProperties: true,
});

export const userUpdateSchema = wrapped('user', {
  properties: userProperties,
  minProperties: 1,
  additionalProperties: true,
});

export const roleCreateSchema = wrapped('role', {
  properties: {
    name: { ...identityName },
    description: nullableString,
    domain_id: idString,
    options,
  },
  required: ['name'],
  additionalProperties: true,
});

export const roleUpdateSchema = wrapped('role', {
  properties: { name: identityName, description: nullableString, options },
  minProperties: 1,
  additionalProperties: true,
});

/** Validates a request body; throws Keystone's 400 with its validator's message. */
export function validate(schema: Schema, body: unknown): void {
  try {
    validateBody(schema, body);
  } catch (error) {
    if (isNovaError(error)) throw errors.badRequest(error.message);
    throw error;
  }
}

/** A validated boolean spelling as Keystone reads it. */
export function toBoolean(value: unknown): boolean {
  return TRUE_SPELLINGS.has(value);
}
