import type { Endpoints } from '../types.js';
import { stableId } from './directory.js';

export const REGION = 'RegionOne';

export interface CatalogEndpoint {
  readonly id: string;
  readonly interface: 'public' | 'internal' | 'admin';
  readonly region: string;
  readonly region_id: string;
  readonly url: string;
}

export interface CatalogService {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly endpoints: readonly CatalogEndpoint[];
}

const SERVICES: readonly [
  type: string,
  name: string,
  url: (e: Endpoints, projectId: string) => string,
][] = [
  ['identity', 'keystone', (e) => e.identity],
  ['compute', 'nova', (e) => e.compute],
  ['image', 'glance', (e) => e.image],
  ['network', 'neutron', (e) => e.network],
  // DevStack lists Cinder twice, at `/volume/v3/$(project_id)s`, which Keystone fills in.
  ['block-storage', 'cinder', (e, project) => `${e.volume}/v3/${project}`],
  ['volumev3', 'cinderv3', (e, project) => `${e.volume}/v3/${project}`],
];

/**
 * The service catalog of a token: identity, compute, image and network, each with public,
 * internal and admin endpoints in `RegionOne`, all at the same URL.
 */
export function serviceCatalog(endpoints: Endpoints, projectId = ''): CatalogService[] {
  return SERVICES.map(([type, name, url]) => ({
    id: stableId('service', type),
    type,
    name,
    endpoints: (['public', 'internal', 'admin'] as const).map((iface) => ({
      id: stableId('endpoint', `${type}/${iface}`),
      interface: iface,
      region: REGION,
      region_id: REGION,
      url: url(endpoints, projectId),
    })),
  }));
}
