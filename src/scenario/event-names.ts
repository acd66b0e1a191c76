import type { CloudEventName } from '../events.js';

// A record rather than a list, so that the compiler fails here when an event is added.
const NAMES: Readonly<Record<CloudEventName, true>> = {
  'server.created': true,
  'server.status': true,
  'server.step': true,
  'server.deleted': true,
  'server.archived': true,
  claim: true,
  release: true,
  fault: true,
  periodic: true,
  host: true,
  'volume.status': true,
  identity: true,
  'image.status': true,
};

/** Every event of `cloud.events`, in a fixed order: what a scenario trace records. */
export const CLOUD_EVENT_NAMES = Object.keys(NAMES) as readonly CloudEventName[];
