import type { ApiResponse } from '../../api/request.js';
import { checkUnchanged } from '../invariants/unchanged.js';
import type { CloudSystem } from './system.js';
import { violated } from './violation.js';

/** What the reference predicts for one request. */
export interface Expected {
  readonly status: number;
  /** Exact text, or a pattern, of the fault message. */
  readonly message?: string | RegExp;
  /** Why: the reference section or rule, for the failure message. */
  readonly because: string;
}

/** The message of a Nova fault body (`{ "<faultName>": { code, message } }`). */
export function faultMessage(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const inner = Object.values(body)[0] as { message?: unknown } | undefined;
  return typeof inner?.message === 'string' ? inner.message : undefined;
}

function matches(want: Expected, res: ApiResponse): boolean {
  if (res.status !== want.status) return false;
  if (want.message === undefined) return true;
  const message = faultMessage(res.body) ?? '';
  return typeof want.message === 'string' ? message === want.message : want.message.test(message);
}

/**
 * Checks a response against the reference's prediction (any of `wants`), and that a 4xx
 * left the cloud as it was. On a mismatch the expectation is attached to the recorded
 * step, so the counterexample scenario fails at the same place.
 */
export function expectResponse(
  system: CloudSystem,
  res: ApiResponse,
  wants: readonly Expected[],
  where: string,
  before: string | undefined,
): void {
  if (!wants.some((want) => matches(want, res))) {
    const first = wants[0]!;
    system.recorder.expectOnLastRequest({ status: first.status });
    const wanted = wants
      .map(
        (w) =>
          `${w.status}${w.message === undefined ? '' : ` "${String(w.message)}"`} (${w.because})`,
      )
      .join(' or ');
    violated(
      'response',
      `${where}: expected ${wanted}; got ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
  if (before !== undefined && res.status >= 400 && res.status < 500) {
    checkUnchanged(system.cloud, before, where);
  }
}
