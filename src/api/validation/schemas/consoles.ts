import type { Microversion } from '../../microversion.js';
import type { Schema } from '../validate.js';
import { ANY } from './parameter-types.js';
import { actionBody, byVersion, strictObject } from './versioned.js';

// nova/api/openstack/compute/schemas/{console_output,remote_consoles}.py.

const CONSOLE_OUTPUT = actionBody('os-getConsoleOutput', {
  type: 'object',
  properties: {
    // jsonschema applies `pattern` to strings only and `minimum` to numbers only, so "-5"
    // passes and so does -1; the compute manager then slices with it.
    length: { type: ['integer', 'string', 'null'], pattern: '^-?[0-9]+$', minimum: -1 },
  },
  additionalProperties: false,
});

/** `{"<action>": {"type": <one of types>}}`, the type required. */
function typed(key: string, types: readonly string[]): Schema {
  return actionBody(key, strictObject({ type: { type: 'string', enum: types } }, ['type']));
}

/** The pre-2.6 console actions: gone from 2.6, where remote-consoles replaces them. */
const until26 = (schema: Schema) =>
  byVersion([
    ['2.1', schema],
    ['2.6', undefined],
  ]);

/** Request-body schemas of the console actions of `POST /servers/{id}/action`. */
export const CONSOLE_ACTION_SCHEMAS: Record<string, (version: Microversion) => Schema | undefined> =
  {
    'os-getConsoleOutput': byVersion([['2.1', CONSOLE_OUTPUT]]),
    // Nova still accepts xvpvnc here (its schemas are unversioned) and refuses it lower down.
    'os-getVNCConsole': until26(typed('os-getVNCConsole', ['novnc', 'xvpvnc'])),
    'os-getSPICEConsole': until26(typed('os-getSPICEConsole', ['spice-html5'])),
    'os-getSerialConsole': until26(typed('os-getSerialConsole', ['serial'])),
    // RDP went with the Hyper-V driver (29.0.0): any body, always a bare 400.
    'os-getRDPConsole': until26(ANY),
  };

const PROTOCOLS_V26 = ['vnc', 'spice', 'serial', 'rdp'];
const TYPES_V26 = ['novnc', 'xvpvnc', 'spice-html5', 'serial', 'rdp-html5'];

function remoteConsole(protocols: readonly string[], types: readonly string[]): Schema {
  return strictObject(
    {
      remote_console: strictObject(
        {
          protocol: { type: 'string', enum: protocols },
          type: { type: 'string', enum: types },
        },
        ['protocol', 'type'],
      ),
    },
    ['remote_console'],
  );
}

/** `POST /servers/{id}/remote-consoles`: 2.8 adds mks/webmks, 2.99 spice-direct. */
export const remoteConsoleSchema = byVersion([
  ['2.6', remoteConsole(PROTOCOLS_V26, TYPES_V26)],
  ['2.8', remoteConsole([...PROTOCOLS_V26, 'mks'], [...TYPES_V26, 'webmks'])],
  ['2.99', remoteConsole([...PROTOCOLS_V26, 'mks'], [...TYPES_V26, 'webmks', 'spice-direct'])],
]);
