import type { Server } from '../../compute/server.js';
import type { ConsoleProtocol } from '../../config.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import { authorize } from '../policy.js';
import { remoteConsoleSchema } from '../validation/schemas/consoles.js';
import { validateBody } from '../validation/validate.js';
import { BAD_REQUEST_TEXT, issueConsoleToken } from './console-auth-tokens.js';
import { findServer, objectBody } from './server-lookup.js';

type Json = Record<string, unknown>;

const POLICY = {
  rule: 'os_compute_api:os-remote-consoles',
  default: 'project-member-or-admin',
} as const;

/** The console types each protocol's compute handler accepts (serial checks none). */
const TYPES: Readonly<Record<ConsoleProtocol, readonly string[] | 'any'>> = {
  vnc: ['novnc'],
  spice: ['spice-html5', 'spice-direct'],
  serial: 'any',
  mks: ['webmks'],
};

/** The compute API method Nova names in its 409 for a busy server. */
const METHODS: Readonly<Record<ConsoleProtocol, string>> = {
  vnc: 'get_vnc_console',
  spice: 'get_spice_console',
  serial: 'get_serial_console',
  mks: 'get_mks_console',
};

/**
 * compute/api.py `get_<protocol>_console` and the manager behind it: the server needs a
 * host (`check_instance_host`), no delete or migration running (`reject_instance_state`),
 * the protocol's proxy enabled and a type it serves. Returns the access URL.
 */
function getConsole(
  ctx: ApiContext,
  server: Server,
  protocol: ConsoleProtocol,
  type: string,
): string {
  if (!server.host) throw NovaError.conflict(`Instance ${server.id} is not ready`);
  const task = server.machine.taskState;
  if (task === 'deleting' || task === 'migrating') {
    throw NovaError.conflict(
      `Cannot '${METHODS[protocol]}' instance ${server.id} while it is in task_state ${task}`,
    );
  }
  if (!ctx.cloud.config.consoles.includes(protocol))
    throw NovaError.badRequest(`Unavailable console type ${type}.`);
  const types = TYPES[protocol];
  if (types !== 'any' && !types.includes(type))
    throw NovaError.badRequest(`Invalid console type ${type}`);
  return issueConsoleToken(ctx, server, type);
}

/** POST /servers/{id}/remote-consoles (2.6+): lookup, then policy, as Nova's create. */
function createRemoteConsole(ctx: ApiContext): HandlerResult {
  const body = objectBody(ctx);
  validateBody(remoteConsoleSchema(ctx.version)!, body);
  const server = findServer(ctx, ctx.params.server_id!);
  authorize(ctx, POLICY);
  const request = body.remote_console as { protocol: string; type: string };
  const { protocol, type } = request;
  if (protocol === 'rdp') throw NovaError.badRequest(`Unavailable console type ${protocol}.`);
  const url = getConsole(ctx, server, protocol as ConsoleProtocol, type);
  return { status: 200, body: { remote_console: { protocol, type, url } } };
}

/** One pre-2.6 console action: the policy is checked before the server lookup there. */
function legacyAction(protocol: ConsoleProtocol) {
  return {
    beforeLookup: (ctx: ApiContext) => authorize(ctx, POLICY),
    run: (ctx: ApiContext, server: Server, args: Json | null): HandlerResult => {
      const type = String(args?.type ?? '');
      const url = getConsole(ctx, server, protocol, type);
      return { status: 200, body: { console: { type, url } } };
    },
  };
}

/**
 * The console actions of `POST /servers/{id}/action` before 2.6. RDP went with the
 * Hyper-V driver: Nova still routes the action and answers a bare 400.
 */
export const REMOTE_CONSOLE_ACTIONS = {
  'os-getVNCConsole': legacyAction('vnc'),
  'os-getSPICEConsole': legacyAction('spice'),
  'os-getSerialConsole': legacyAction('serial'),
  'os-getRDPConsole': {
    beforeLookup: () => {
      throw new NovaError(400, BAD_REQUEST_TEXT);
    },
    run: (): HandlerResult => {
      throw new NovaError(400, BAD_REQUEST_TEXT);
    },
  },
};

export const remoteConsoleRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/servers/{server_id}/remote-consoles',
    handler: createRemoteConsole,
    minVersion: '2.6',
  },
];
