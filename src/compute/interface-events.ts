import type { Compute } from './compute.js';
import { raisedAt } from './fault-details.js';
import type { InstanceAction, Server } from './server.js';

/**
 * The exceptions the compute's attach_interface and detach_interface raise in the
 * simulator (master nova/exception.py and nova/network/neutron.py): the code the exception
 * class carries, which the instance fault records, and the answer attach_interfaces.py
 * maps it to (PortInUse is an Invalid, 400, answered as a 409).
 */
export const INTERFACE_EXCEPTIONS = {
  PortNotFound: { code: 404, answer: 404 },
  PortNotUsable: { code: 400, answer: 400 },
  PortInUse: { code: 400, answer: 409 },
  NetworkNotFound: { code: 404, answer: 404 },
  InterfaceAttachFailedNoNetwork: { code: 400, answer: 400 },
  NetworkAmbiguous: { code: 400, answer: 400 },
  FixedIpAlreadyInUse: { code: 500, answer: 409 },
  NoMoreFixedIps: { code: 500, answer: 400 },
  PortLimitExceeded: { code: 403, answer: 403 },
  InterfaceAttachFailed: { code: 500, answer: 500 },
} as const satisfies Readonly<Record<string, { code: number; answer: number }>>;

/** An exception the compute raised: its class (a key of {@link INTERFACE_EXCEPTIONS}) and text. */
export interface InterfaceException {
  readonly exception: keyof typeof INTERFACE_EXCEPTIONS;
  readonly message: string;
}

/**
 * The compute method's `wrap_instance_event(prefix='compute')` and `wrap_instance_fault`:
 * its event on the server's host opens and closes now (the simulator does the work at
 * once), with Success, or with Error when it raised: the exception's message as `details`,
 * its frames as `traceback`, the action's message `Error`, and the exception recorded as
 * the server's fault with its own code.
 *
 * @example
 * recordInterfaceEvent(compute, server, action, 'detach_interface', {
 *   exception: 'PortNotFound',
 *   message: `Port ${portId} is not attached`,
 * });
 */
export function recordInterfaceEvent(
  compute: Compute,
  server: Server,
  action: InstanceAction,
  method: 'attach_interface' | 'detach_interface',
  raised?: InterfaceException,
): void {
  const now = compute.now();
  const event = `compute_${method}`;
  const host = server.host;
  action.updatedAt = now;
  if (raised === undefined) {
    action.events.push({ event, startTime: now, finishTime: now, result: 'Success', host });
    return;
  }
  action.events.push({
    event,
    startTime: now,
    finishTime: now,
    result: 'Error',
    host,
    details: raised.message,
    traceback: eventTraceback(method, raised.message),
  });
  action.message = 'Error';
  compute.setFault(server, INTERFACE_EXCEPTIONS[raised.exception].code, raised.message);
}

/**
 * `traceback.format_tb` as the event keeps it: frames only, short as the conductor's
 * (conductor-events.ts): the manager method, then where the exception was raised.
 */
function eventTraceback(method: string, message: string): string {
  const frames = [`  File "nova/compute/manager.py", in ${method}\n`];
  const where = raisedAt(message);
  if (where !== '') frames.push(`  File "${where.replace(', in ', '", in ')}\n`);
  return frames.join('');
}
