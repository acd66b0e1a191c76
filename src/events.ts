import type { PowerState, TaskState, VmState } from './compute/states.js';
import type { ServerStatus } from './compute/status-map.js';
import type { Resources } from './scheduler/index.js';

export interface ServerStatusEvent {
  readonly serverId: string;
  readonly from: ServerStatus;
  readonly to: ServerStatus;
  readonly vmState: VmState;
  readonly taskState: TaskState | null;
  readonly powerState: PowerState;
  readonly at: number;
}

/** Every machine transition, status change or not. */
export interface ServerStepEvent {
  readonly serverId: string;
  readonly event: string;
  readonly vmState: VmState;
  readonly taskState: TaskState | null;
  readonly powerState: PowerState;
  readonly host: string | null;
  readonly at: number;
}

export interface ClaimEvent {
  readonly consumerId: string;
  readonly host: string;
  readonly resources: Resources;
  readonly at: number;
}

export interface FaultEvent {
  readonly serverId: string;
  readonly code: number;
  readonly message: string;
  readonly at: number;
}

export interface PeriodicEvent {
  readonly task: string;
  readonly affected: readonly string[];
  readonly at: number;
}

export interface HostEvent {
  readonly host: string;
  readonly change:
    | 'added'
    | 'removed'
    | 'down'
    | 'up'
    | 'disabled'
    | 'enabled'
    | 'forced-down'
    | 'forced-up';
  readonly at: number;
}

export interface ServerLifeEvent {
  readonly serverId: string;
  readonly name: string;
  readonly at: number;
}

/** A Keystone record changed (a grant's id is `project|user|role`). */
export interface IdentityEvent {
  readonly kind: 'project' | 'user' | 'role' | 'grant';
  readonly action: 'created' | 'updated' | 'deleted';
  readonly id: string;
  readonly at: number;
}

/** A Glance image changed status (null `from`: it was just created). */
export interface ImageStatusEvent {
  readonly imageId: string;
  readonly from: string | null;
  readonly to: string;
  readonly at: number;
}

/** A Cinder volume changed status (`deleted` when the row went away). */
export interface VolumeStatusEvent {
  readonly volumeId: string;
  readonly from: string;
  readonly to: string;
  readonly at: number;
}

/** The typed event map of `cloud.events`. */
export interface CloudEvents {
  'server.created': (event: ServerLifeEvent) => void;
  'server.status': (event: ServerStatusEvent) => void;
  'server.step': (event: ServerStepEvent) => void;
  'server.deleted': (event: ServerLifeEvent) => void;
  /** A deleted server's row is archived: it is gone from every API. */
  'server.archived': (event: ServerLifeEvent) => void;
  claim: (event: ClaimEvent) => void;
  release: (event: ClaimEvent) => void;
  fault: (event: FaultEvent) => void;
  periodic: (event: PeriodicEvent) => void;
  host: (event: HostEvent) => void;
  'volume.status': (event: VolumeStatusEvent) => void;
  identity: (event: IdentityEvent) => void;
  'image.status': (event: ImageStatusEvent) => void;
}

export type CloudEventName = keyof CloudEvents;
