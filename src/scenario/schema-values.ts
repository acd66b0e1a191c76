import { TASK_STATES, VM_STATES } from '../compute/states.js';
import { SERVER_STATUSES, STATUS_ALIASES } from '../compute/status-map.js';
import { ISO_DURATION_PATTERN } from './duration.js';
import { POINTER_PATTERN } from './pointer.js';

// The value types of scenario files (durations, pointers, matchers) and the helpers the
// other schema modules share.

export type Schema = Record<string, unknown>;

export const SCHEMA_ID = 'urn:nova-sim:scenario';

export const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
export const object = (
  properties: Schema,
  required: string[] = [],
  extra: Schema = {},
): Schema => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
  additionalProperties: false,
  ...extra,
});
export const comment = {
  type: 'string',
  description: 'Ignored: a remark for whoever reads the file.',
};

/** A matcher whose literal values are those of the definition `valueRef` (statuses…). */
function enumMatcher(valueRef: string, description: string): Schema {
  const value = ref(valueRef);
  return {
    description,
    anyOf: [
      value,
      object(
        {
          equals: value,
          oneOf: { type: 'array', items: value, minItems: 1 },
          not: value,
          match: { type: 'string', format: 'regex' },
        },
        [],
        { minProperties: 1 },
      ),
    ],
  };
}

const STATUS_VALUES = [...SERVER_STATUSES, ...Object.keys(STATUS_ALIASES)];

/** Definitions of durations, pointers and matchers. */
export const VALUE_DEFINITIONS: Schema = {
  duration: {
    description:
      'Virtual milliseconds, or an ISO-8601 duration without years or months ("PT5M", "P1DT2H").',
    anyOf: [
      { type: 'integer', minimum: 0 },
      { type: 'string', pattern: ISO_DURATION_PATTERN },
    ],
  },
  pointer: { type: 'string', pattern: POINTER_PATTERN, description: 'A JSON Pointer.' },
  matcher: {
    description:
      'A JSON value that must be equal, or an object whose keys must all hold: equals, match (regex), oneOf, not, exists, length, min, max.',
    anyOf: [{ type: ['null', 'boolean', 'number', 'string', 'array'] }, ref('matcherObject')],
  },
  matcherObject: object(
    {
      equals: { description: 'Deep equality (use it to compare objects).' },
      match: { type: 'string', format: 'regex', description: 'Unanchored regular expression.' },
      oneOf: { type: 'array', minItems: 1 },
      not: { description: 'Anything but this value.' },
      exists: { type: 'boolean' },
      length: ref('matcher'),
      min: { type: 'number' },
      max: { type: 'number' },
    },
    [],
    { minProperties: 1 },
  ),
  statusValue: { enum: STATUS_VALUES },
  taskStateValue: { enum: [...TASK_STATES, null] },
  vmStateValue: { enum: [...VM_STATES] },
  status: enumMatcher(
    'statusValue',
    'An API status; the old spellings BUILDING, RESCUED and STOPPED are accepted.',
  ),
  taskState: enumMatcher('taskStateValue', 'OS-EXT-STS:task_state (null: no task).'),
  vmState: enumMatcher('vmStateValue', 'OS-EXT-STS:vm_state.'),
};
