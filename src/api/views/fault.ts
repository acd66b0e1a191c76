import type { Fault } from '../../compute/server.js';
import { isoTime } from './time.js';

export interface FaultView {
  readonly code: number;
  readonly created: string;
  readonly message: string;
  readonly details?: string;
}

/**
 * The `fault` object of a server view (§4.7). Nova shows the traceback in `details` only
 * when there is one and the caller is an admin or the code is not 500; since Nova records
 * tracebacks for 500s only, in practice only admins ever see `details`.
 *
 * @example
 * faultView({ code: 500, message: 'No valid host was found. ', details: '', created: 0 }, false);
 * // { code: 500, created: '1970-01-01T00:00:00Z', message: 'No valid host was found. ' }
 */
export function faultView(fault: Fault, isAdmin: boolean): FaultView {
  const view = { code: fault.code, created: isoTime(fault.created), message: fault.message };
  const showDetails = fault.details !== '' && (isAdmin || fault.code !== 500);
  return showDetails ? { ...view, details: fault.details } : view;
}
