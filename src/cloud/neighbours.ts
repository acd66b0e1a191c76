import type { EventEmitter } from 'eventemitter3';
import type { CatalogInput } from '../catalog/catalog.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import type { CloudConfig } from '../config.js';
import type { CloudEvents } from '../events.js';
import type { FaultInjector } from '../faults/fault-rules.js';
import {
  createIdentityService,
  type IdentityInput,
  type IdentityService,
  type IdentitySnapshot,
} from '../identity/index.js';
import {
  createImageService,
  type ImageService,
  type ImageServiceSnapshot,
} from '../image/index.js';
import { NeutronError } from '../network/errors.js';
import {
  createNetworkService,
  type NetworkService,
  type NetworkServiceSnapshot,
} from '../network/service.js';
import type { Random } from '../random/prng.js';
import { createVolumeService, type VolumeService } from '../volume/index.js';
import type { CloudSnapshot } from './snapshot.js';

/** What every neighbour service shares with Nova: one clock, one PRNG, events and faults. */
export interface SharedParts {
  readonly clock: VirtualClock;
  readonly random: () => Random;
  readonly events: EventEmitter<CloudEvents>;
  readonly faults: FaultInjector;
  readonly config: CloudConfig;
  readonly restore: CloudSnapshot | undefined;
}

/** A neighbour's unversioned endpoint, beside Nova's in the same deployment. */
function endpointBeside(config: CloudConfig, service: string): () => string {
  return () => `${config.endpoint.replace(/\/compute\/?$/, '')}/${service}`;
}

/** Neutron, with the port-create and floating-IP fault rules as Neutron's own errors. */
export function createNetwork(
  parts: SharedParts,
  catalog: CatalogInput | undefined,
): NetworkService {
  return createNetworkService(
    {
      now: () => parts.clock.now(),
      // Neutron draws from its own stream, so its ids and MACs leave Nova's sequence alone.
      seed: `network/${parts.random().state().join(',')}`,
      fault: (point) => {
        const rule = parts.faults.networkFailure(
          point === 'port-create' ? 'port-create-failure' : 'floating-ip-failure',
        );
        if (!rule) return undefined;
        return new NeutronError(
          rule.status ?? 500,
          rule.type ?? 'HTTPInternalServerError',
          rule.message ?? 'Request Failed: internal server error while processing your request.',
        );
      },
      ...(catalog?.networks ? { networks: catalog.networks } : {}),
    },
    parts.restore?.services?.network as NetworkServiceSnapshot | undefined,
  );
}

/** Glance, its images seeded from the catalog. */
export function createImage(parts: SharedParts, catalog: CatalogInput | undefined): ImageService {
  return createImageService(
    {
      clock: parts.clock,
      random: parts.random,
      events: parts.events,
      faults: parts.faults,
      endpoint: endpointBeside(parts.config, 'image'),
      ...(catalog?.images ? { images: catalog.images } : {}),
    },
    parts.restore?.services?.image as ImageServiceSnapshot | undefined,
  );
}

/** Cinder, reading images from `image` with the caller's project, as Cinder reads Glance. */
export function createVolume(parts: SharedParts, image: ImageService): VolumeService {
  return createVolumeService(
    {
      clock: parts.clock,
      random: parts.random,
      events: parts.events,
      faults: parts.faults,
      image: (id, projectId) => {
        const found = image.findImage(id, { projectId, userId: 'cinder', roles: ['member'] });
        if (!found) return undefined;
        return {
          id: found.id,
          name: found.name ?? '',
          status: found.status,
          size: found.size ?? 0,
          minDisk: found.minDisk,
          properties: found.properties,
        };
      },
      endpoint: endpointBeside(parts.config, 'volume'),
    },
    parts.restore?.services?.volume as Parameters<typeof createVolumeService>[1],
  );
}

/** Keystone: restored, seeded from `input`, or DevStack's admin, demo and service. */
export function createIdentity(
  parts: SharedParts,
  input: IdentityInput | undefined,
): IdentityService {
  const state = parts.restore?.services?.identity as IdentitySnapshot | undefined;
  return createIdentityService(
    {
      random: parts.random,
      emit: (event) => parts.events.emit('identity', { ...event, at: parts.clock.now() }),
    },
    state ? { restore: state } : input ? { input } : {},
  );
}
