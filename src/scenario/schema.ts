import { TASK_STATES } from '../compute/states.js';
import { CLOUD_EVENT_NAMES } from './event-names.js';
import { POINTER_PATTERN } from './pointer.js';
import { CLOUD_DEFINITIONS } from './schema-cloud.js';
import {
  comment,
  object,
  ref,
  SCHEMA_ID,
  type Schema,
  VALUE_DEFINITIONS,
} from './schema-values.js';
import { VARIABLE_NAME_PATTERN } from './substitute.js';
import { STEP_KINDS } from './types.js';

export { SCHEMA_ID } from './schema-values.js';

const faultMatch: Schema = {
  name: { type: 'string', format: 'regex', description: 'Unanchored regex on the server name.' },
  metadata: { type: 'object', additionalProperties: { type: 'string', format: 'regex' } },
  host: { type: 'string' },
  count: { type: 'integer', minimum: 1, description: 'Applies this many times.' },
  probability: { type: 'number', minimum: 0, maximum: 1 },
};
const definitions: Schema = {
  ...VALUE_DEFINITIONS,
  ...CLOUD_DEFINITIONS,
  request: object(
    {
      service: {
        enum: ['compute', 'identity', 'image', 'network', 'volume'],
        description: 'The service the path is under (default "compute", Nova).',
      },
      method: { enum: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'] },
      path: { type: 'string', minLength: 1, description: `"/v2.1/servers"; "\${name}" allowed.` },
      body: { description: 'The JSON body.' },
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      user: { type: 'string', description: 'A name of "users", or "member" / "admin".' },
      auth: object(
        {
          projectId: { type: 'string' },
          userId: { type: 'string' },
          roles: { type: 'array', items: { type: 'string' } },
        },
        ['projectId', 'userId', 'roles'],
      ),
      microversion: { type: 'string', pattern: '^(2\\.(\\d+|latest)|latest)$' },
    },
    ['method', 'path'],
  ),
  eventCount: {
    description: 'A matcher on the count, or { count, server, where } to count some of them.',
    anyOf: [
      ref('matcher'),
      object(
        {
          count: ref('matcher'),
          server: { type: 'string', description: 'Server id or name.' },
          where: {
            type: 'object',
            description: 'Event field → matcher, e.g. { "to": "ERROR" }.',
            additionalProperties: ref('matcher'),
          },
        },
        ['count'],
      ),
    ],
  },
  expectation: object(
    {
      code: { ...ref('matcher'), description: "The last response's HTTP code." },
      body: {
        type: 'object',
        description: 'JSON Pointer → matcher, on the last response body.',
        propertyNames: { pattern: POINTER_PATTERN },
        additionalProperties: ref('matcher'),
      },
      headers: {
        type: 'object',
        description: 'Header name (any case) → matcher, on the last response.',
        additionalProperties: ref('matcher'),
      },
      server: { type: 'string', description: 'Server id or name the checks below are about.' },
      status: ref('status'),
      task_state: ref('taskState'),
      vm_state: ref('vmState'),
      power_state: ref('matcher'),
      host: ref('matcher'),
      locked: ref('matcher'),
      events: {
        type: 'object',
        description: 'Events of each kind since the run began: a count matcher, or a filter.',
        properties: Object.fromEntries(CLOUD_EVENT_NAMES.map((name) => [name, ref('eventCount')])),
        additionalProperties: false,
      },
    },
    [],
    {
      minProperties: 1,
      // The server checks are about the server that "server" names.
      dependencies: Object.fromEntries(
        ['status', 'task_state', 'vm_state', 'power_state', 'host', 'locked'].map((f) => [
          f,
          ['server'],
        ]),
      ),
    },
  ),
  requestStep: object(
    {
      request: ref('request'),
      save: {
        type: 'object',
        description: 'Name → JSON Pointer into the response body, or { "header": name }.',
        propertyNames: { pattern: VARIABLE_NAME_PATTERN },
        additionalProperties: {
          anyOf: [ref('pointer'), object({ header: { type: 'string' } }, ['header'])],
        },
      },
      expect: ref('expectation'),
      comment,
    },
    ['request'],
  ),
  advanceStep: object({ advance: ref('duration'), comment }, ['advance']),
  untilStep: object(
    {
      until: object(
        {
          server: { type: 'string', description: 'Server id or name.' },
          status: ref('status'),
          task_state: ref('taskState'),
          vm_state: ref('vmState'),
          timeout: { ...ref('duration'), description: 'Default PT1H.' },
        },
        ['server'],
        {
          anyOf: [
            { required: ['status'] },
            { required: ['task_state'] },
            { required: ['vm_state'] },
          ],
        },
      ),
      comment,
    },
    ['until'],
  ),
  hostStep: object(
    {
      host: {
        oneOf: [
          object({ add: ref('hostSpec') }, ['add']),
          object({ remove: { type: 'string' } }, ['remove']),
          object({ down: { type: 'string' } }, ['down']),
          object({ up: { type: 'string' } }, ['up']),
          object({ disable: { type: 'string' }, reason: { type: 'string' } }, ['disable']),
          object({ enable: { type: 'string' } }, ['enable']),
          object({ forceDown: { type: 'string' } }, ['forceDown']),
          object({ forceUp: { type: 'string' } }, ['forceUp']),
        ],
      },
      comment,
    },
    ['host'],
  ),
  faultStep: object(
    {
      fault: {
        oneOf: [
          { const: 'clear' },
          object(
            {
              kind: { const: 'build-failure' },
              reschedule: { type: 'boolean', description: 'Default true.' },
              message: { type: 'string' },
              ...faultMatch,
            },
            ['kind'],
          ),
          object(
            {
              kind: { const: 'slow-step' },
              task: { enum: [...TASK_STATES] },
              factor: { type: 'number', minimum: 0 },
              extraMs: { type: 'number', minimum: 0 },
              ...faultMatch,
            },
            ['kind', 'task'],
          ),
          object({ kind: { const: 'volume-create-failure' }, ...faultMatch }, ['kind']),
          object(
            {
              kind: { const: 'slow-volume-attach' },
              factor: { type: 'number', minimum: 0 },
              extraMs: { type: 'number', minimum: 0 },
              ...faultMatch,
            },
            ['kind'],
          ),
          object(
            {
              kind: { enum: ['port-create-failure', 'floating-ip-failure'] },
              count: { type: 'integer', minimum: 1 },
              probability: { type: 'number', minimum: 0, maximum: 1 },
              status: { type: 'integer', minimum: 400, maximum: 599 },
              type: { type: 'string' },
              message: { type: 'string' },
            },
            ['kind'],
          ),
          object(
            {
              kind: { const: 'image-upload-slow' },
              factor: { type: 'number', minimum: 0 },
              extraMs: { type: 'number', minimum: 0 },
              ...faultMatch,
            },
            ['kind'],
          ),
          object({ kind: { const: 'image-upload-failure' }, ...faultMatch }, ['kind']),
          object(
            {
              kind: { enum: ['host-down', 'host-up'] },
              host: { type: 'string' },
              after: { ...ref('duration'), description: 'From now.' },
              at: { ...ref('duration'), description: 'From the start of the run.' },
            },
            ['kind', 'host'],
          ),
        ],
      },
      comment,
    },
    ['fault'],
  ),
  expectStep: object({ expect: ref('expectation'), comment }, ['expect']),
  noteStep: object({ note: { type: 'string' }, comment }, ['note']),
  failStep: object(
    {
      fail: {
        type: 'string',
        description:
          'Fails the run here with this message (a counterexample whose failure was in the code under test).',
      },
      comment,
    },
    ['fail'],
  ),
  step: {
    oneOf: STEP_KINDS.map((kind) => ref(`${kind}Step`)),
  },
};

/**
 * The JSON Schema of scenario files (draft-07), published as scenarios/schema.json.
 * Built from the engine's own tables (statuses, task states, config keys), so it cannot
 * drift from them.
 */
export const SCENARIO_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: SCHEMA_ID,
  title: 'nova-sim scenario',
  description:
    'A simulated Nova cloud and the steps to replay against it: requests, clock advances, host operations, faults and expectations.',
  type: 'object',
  required: ['steps'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    seed: { type: ['integer', 'string'], description: 'PRNG seed (default 0).' },
    epoch: { type: 'string', format: 'date-time', description: 'Virtual start time.' },
    microversion: {
      type: 'string',
      pattern: '^(2\\.(\\d+|latest)|latest)$',
      description: 'Default OpenStack-API-Version of every request (default: none, i.e. 2.1).',
    },
    hosts: ref('hosts'),
    config: ref('config'),
    catalog: ref('catalog'),
    quotas: ref('quotas'),
    projects: {
      type: 'object',
      description: 'Per-project settings, by project id.',
      additionalProperties: object({ quotas: ref('quotas') }),
    },
    users: {
      type: 'object',
      description: 'Named callers; "member" and "admin" exist unless redefined.',
      additionalProperties: ref('user'),
    },
    user: { type: 'string', description: 'Default user of requests (default "member").' },
    vars: {
      type: 'object',
      description: `Values for \${name} known from the start.`,
      propertyNames: { pattern: VARIABLE_NAME_PATTERN },
    },
    steps: { type: 'array', items: ref('step') },
  },
  definitions,
};

/** The published file's text: what `nova-sim schema` prints. */
export function scenarioSchemaText(): string {
  return `${JSON.stringify(SCENARIO_SCHEMA, null, 2)}\n`;
}
