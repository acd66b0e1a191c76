// The JSON Schema of a cloud snapshot's Nova parts (draft-07). Neighbour services'
// parts under `services` are each their own service's to check.

const int = { type: 'integer', minimum: 0 } as const;
const num = { type: 'number' } as const;
const str = { type: 'string' } as const;
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const resources = {
  type: 'object',
  required: ['vcpus', 'memoryMb', 'diskGb'],
  properties: { vcpus: num, memoryMb: num, diskGb: num },
} as const;
const flavor = {
  type: 'object',
  required: ['id', 'vcpus', 'ram', 'disk'],
  properties: { id: str, vcpus: int, ram: int, disk: int },
} as const;

const server = {
  type: 'object',
  required: [
    'id',
    'dbId',
    'name',
    'projectId',
    'userId',
    'machine',
    'deleted',
    'host',
    'flavor',
    'createdAt',
    'updatedAt',
    'reservationId',
    'metadata',
    'tags',
    'addresses',
    'actions',
    'migration',
  ],
  properties: {
    id: { type: 'string', minLength: 1 },
    dbId: { type: 'integer', minimum: 1 },
    name: str,
    projectId: str,
    userId: str,
    machine: {
      type: 'object',
      required: ['value', 'context'],
      properties: {
        value: { anyOf: [str, { type: 'object', additionalProperties: str }] },
        context: { type: 'object' },
      },
    },
    deleted: { type: 'boolean' },
    host: nullable(str),
    flavor,
    createdAt: num,
    updatedAt: num,
    launchedAt: nullable(num),
    terminatedAt: nullable(num),
    deletedAt: nullable(num),
    reservationId: str,
    metadata: { type: 'object', additionalProperties: str },
    tags: { type: 'array', items: str },
    addresses: { type: 'array', items: { type: 'object' } },
    actions: { type: 'array', items: { type: 'object' } },
    migration: nullable({
      type: 'object',
      required: ['id', 'kind', 'sourceHost', 'destHost', 'oldFlavor', 'newFlavor', 'status'],
      properties: {
        id: str,
        sourceHost: str,
        destHost: nullable(str),
        oldFlavor: flavor,
        newFlavor: flavor,
        status: str,
      },
    }),
    pending: {
      type: 'object',
      required: ['timerId', 'event', 'startedAt', 'dueAt'],
      properties: { timerId: int, event: str, startedAt: num, dueAt: num },
    },
    stalled: str,
  },
} as const;

/** The snapshot's Nova parts as a draft-07 JSON Schema. */
export const SNAPSHOT_SCHEMA = {
  type: 'object',
  required: [
    'version',
    'config',
    'clock',
    'random',
    'scheduler',
    'faults',
    'catalog',
    'servers',
    'reservations',
    'projectQuotas',
  ],
  properties: {
    version: { const: 1 },
    config: { type: 'object' },
    clock: {
      type: 'object',
      required: ['now', 'seq', 'nextId', 'timers'],
      properties: {
        now: num,
        seq: int,
        nextId: int,
        timers: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'dueAt', 'seq', 'task'],
            properties: { id: int, dueAt: num, seq: int, task: { type: 'object' } },
          },
        },
      },
    },
    random: {},
    scheduler: {
      type: 'object',
      required: ['version', 'hosts', 'claims'],
      properties: {
        version: { const: 1 },
        hosts: {
          type: 'array',
          items: {
            type: 'object',
            required: ['spec'],
            properties: { spec: { type: 'object', required: ['name'], properties: { name: str } } },
          },
        },
        claims: {
          type: 'array',
          items: {
            type: 'object',
            required: ['consumerId', 'host', 'resources'],
            properties: { consumerId: str, host: str, resources },
          },
        },
      },
    },
    faults: {},
    catalog: { type: 'object' },
    servers: { type: 'array', items: server },
    reservations: {
      type: 'array',
      items: {
        type: 'array',
        minItems: 2,
        maxItems: 2,
        items: [str, { type: 'array', items: str }],
      },
    },
    projectQuotas: { type: 'array', items: { type: 'array', minItems: 2, maxItems: 2 } },
    userQuotas: { type: 'array', items: { type: 'array', minItems: 2, maxItems: 2 } },
    services: { type: 'object' },
  },
} as const;
