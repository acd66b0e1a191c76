import type { NeutronError } from './errors.js';

/** Neutron operations a fault rule can make fail. */
export type NetworkFaultPoint = 'port-create' | 'floating-ip-create';

/** What Neutron's handlers reach outside their DB: the cloud's fault rules and events. */
export interface NetworkEffects {
  /** The error an injected fault makes this operation fail with (consuming one use), if any. */
  fault(point: NetworkFaultPoint): NeutronError | undefined;
  /** The ports or floating IPs of a device (a server) changed: Nova refreshes its cache. */
  deviceChanged(deviceId: string): void;
}

/** Effects of a service with no fault rules and no listeners (unit tests, tools). */
export const NO_EFFECTS: NetworkEffects = {
  fault: () => undefined,
  deviceChanged: () => undefined,
};
