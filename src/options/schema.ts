import { CLOUD_DEFINITIONS } from '../scenario/schema-cloud.js';
import { object, ref, type Schema } from '../scenario/schema-values.js';

// The one schema of a cloud's options: createCloud() checks it, `nova-sim serve --config`
// adds `identity` to it, and scenario files carry the same definitions (schema-cloud.ts).

const IDENTITY: Schema = object(
  {
    projects: {
      type: 'array',
      items: object(
        {
          name: { type: 'string', minLength: 1 },
          id: { type: 'string', minLength: 1 },
          description: { type: 'string' },
        },
        ['name'],
      ),
      description: 'Keystone projects (default: admin and demo).',
    },
    users: {
      type: 'array',
      items: object(
        {
          name: { type: 'string', minLength: 1 },
          password: { type: 'string' },
          id: { type: 'string', minLength: 1 },
          email: { type: 'string' },
          projects: {
            type: 'object',
            additionalProperties: { type: 'array', items: { type: 'string' } },
            description: 'Role names by project name; the first is the default project.',
          },
        },
        ['name', 'password'],
      ),
      description:
        'Keystone users (default: admin/admin, admin of admin; demo/demo, member of demo).',
    },
  },
  [],
  { description: 'Users and projects Keystone serves (nova-sim serve and interceptCloud).' },
);

const CLOUD_PROPERTIES: Schema = {
  seed: {
    type: ['number', 'string'],
    description: 'Seed of the PRNG behind every id and jitter (default 0).',
  },
  hosts: ref('hosts'),
  config: ref('config'),
  catalog: ref('catalog'),
  epochMs: {
    type: 'number',
    description: 'Virtual time at start, epoch ms (default 2026-01-01T00:00:00Z).',
  },
};

/** The options of `createCloud()` (besides `restore`, a snapshot, and `trace`). */
export const CLOUD_OPTIONS_SCHEMA: Schema = {
  $id: 'urn:nova-sim:cloud-options',
  ...object({
    ...CLOUD_PROPERTIES,
    identity: IDENTITY,
    trace: { type: 'boolean' },
    restore: { type: 'object' },
  }),
  definitions: CLOUD_DEFINITIONS,
};

/** A `nova-sim serve --config` file: the cloud's options and Keystone's users. */
export const SERVE_CONFIG_SCHEMA: Schema = {
  $id: 'urn:nova-sim:serve-config',
  ...object({
    $schema: { type: 'string' },
    description: { type: 'string' },
    ...CLOUD_PROPERTIES,
    identity: IDENTITY,
  }),
  definitions: CLOUD_DEFINITIONS,
};
