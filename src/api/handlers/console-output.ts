import { consoleLog, tailLog } from '../../compute/console-log.js';
import type { Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult } from '../context.js';
import { authorize } from '../policy.js';

type Json = Record<string, unknown>;

// Control characters other than tab and newline, which Nova strips from the output.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
const CONTROL = /[\x00-\x08\x0B-\x1F]/g;

/**
 * `os-getConsoleOutput` (console_output.py): lookup, policy, then `check_instance_host`
 * (409 while the server has no host: building before scheduling, shelved offloaded); the
 * log is the guest's, tailed to `length` lines by the compute manager.
 */
function getConsoleOutput(ctx: ApiContext, server: Server, args: Json | null): HandlerResult {
  authorize(
    ctx,
    { rule: 'os_compute_api:os-console-output', default: 'project-member-or-admin' },
    { projectId: server.projectId },
  );
  const given = args?.length;
  if (!server.host) throw NovaError.conflict(`Instance ${server.id} is not ready`);
  const length = given === undefined || given === null ? null : Number.parseInt(String(given), 10);
  const output = tailLog(consoleLog(server, ctx.cloud.clock.now()), length);
  return { status: 200, body: { output: output.replace(CONTROL, '') } };
}

export const CONSOLE_OUTPUT_ACTIONS = {
  'os-getConsoleOutput': { run: getConsoleOutput },
};
