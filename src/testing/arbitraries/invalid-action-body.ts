import fc from 'fast-check';
import { atLeast } from '../model/versions.js';

/** An action body Nova refuses with 400 before it looks the server up (§2.1 dispatch). */
export interface InvalidAction {
  readonly reason: string;
  readonly body: unknown;
}

interface Breakage {
  readonly reason: string;
  readonly applies?: (version: string) => boolean;
  readonly body: unknown;
}

const BREAKAGES: readonly Breakage[] = [
  { reason: 'unknown action', body: { teleport: null } },
  { reason: 'two actions at once', body: { pause: null, unpause: null } },
  { reason: 'no action', body: {} },
  // A two-item list: Python's len() is 2, so 400 (a one-item list is a bare 404, actionPeek).
  { reason: 'a list, not an object', body: ['pause', 'unpause'] },
  { reason: 'reboot type unknown', body: { reboot: { type: 'MEDIUM' } } },
  { reason: 'reboot without type', body: { reboot: {} } },
  { reason: 'resize without flavorRef', body: { resize: {} } },
  { reason: 'resize with an unknown key', body: { resize: { flavorRef: '2', colour: 'red' } } },
  { reason: 'rebuild without imageRef', body: { rebuild: { name: 'x' } } },
  { reason: 'rebuild imageRef not a UUID', body: { rebuild: { imageRef: 'nope' } } },
  { reason: 'changePassword without adminPass', body: { changePassword: {} } },
  { reason: 'reset to a state Nova refuses', body: { 'os-resetState': { state: 'paused' } } },
  { reason: 'createImage without name', body: { createImage: {} } },
  {
    reason: 'createBackup without rotation',
    body: { createBackup: { name: 'b', backup_type: 'daily' } },
  },
  { reason: 'rescue with an unknown key', body: { rescue: { colour: 'red' } } },
  {
    reason: 'trigger_crash_dump with a value',
    applies: (v) => atLeast(v, '2.17'),
    body: { trigger_crash_dump: {} },
  },
  {
    reason: 'empty locked_reason',
    applies: (v) => atLeast(v, '2.73'),
    body: { lock: { locked_reason: '' } },
  },
];

/**
 * An invalid `POST /servers/{id}/action` body at `version`: Nova answers 400 whoever owns
 * the server and whatever its state.
 *
 * @example
 * fc.sample(invalidActionBody({ version: '2.1' }), 1); // [{ reason: 'unknown action', body: { teleport: null } }]
 */
export function invalidActionBody(ctx: { version: string }): fc.Arbitrary<InvalidAction> {
  const usable = BREAKAGES.filter((b) => b.applies?.(ctx.version) ?? true);
  return fc.constantFrom(...usable).map(({ reason, body }) => ({ reason, body }));
}
