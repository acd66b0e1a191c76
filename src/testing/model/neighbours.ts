import type { ApiResponse } from '../../api/request.js';
import type { Cloud } from '../../cloud.js';
import type { Auth } from '../../service/contract.js';
import type { CloudSystem } from './system.js';

/** A Cinder or Neutron resource the run created: enough to address it and know its owner. */
export interface ModelResource {
  readonly id: string;
  readonly projectId: string;
}

/** The neighbours' resources the run created, still there (positions refer to these). */
export interface NeighbourModel {
  volumes: ModelResource[];
  ports: ModelResource[];
  floatingIps: ModelResource[];
  securityGroups: ModelResource[];
}

export type NeighbourKind = keyof NeighbourModel;

export function emptyNeighbours(): NeighbourModel {
  return { volumes: [], ports: [], floatingIps: [], securityGroups: [] };
}

/** The resource at a position of its list (`index % length`), or undefined when empty. */
export function resourceAt(list: readonly ModelResource[], index: number) {
  return list.length === 0 ? undefined : list[index % list.length];
}

/** Drops what the cloud no longer has (deleted by a command, by Nova, or by the clock). */
export function syncNeighbours(model: NeighbourModel, cloud: Cloud): void {
  const { db } = cloud.network;
  const volumes = cloud.volume.core.store.volumes;
  model.volumes = model.volumes.filter((r) => volumes.has(r.id));
  model.ports = model.ports.filter((r) => db.ports.has(r.id));
  model.floatingIps = model.floatingIps.filter((r) => db.floatingIps.has(r.id));
  model.securityGroups = model.securityGroups.filter((r) => db.securityGroups.has(r.id));
}

/** The Cinder microversion the harness speaks (attachments API, multiattach). */
export const CINDER_VERSION = 'volume 3.44';

/** A Cinder call as the caller, under `/v3/{project_id}`. */
export function cinder(
  system: CloudSystem,
  auth: Auth,
  method: string,
  path: string,
  body?: unknown,
): ApiResponse {
  return system.request({
    service: 'volume',
    method,
    path: `/v3/${auth.projectId}${path}`,
    headers: { 'OpenStack-API-Version': CINDER_VERSION },
    auth,
    ...(body === undefined ? {} : { body }),
  });
}

/** A Neutron call as the caller, under `/v2.0`. */
export function neutron(
  system: CloudSystem,
  auth: Auth,
  method: string,
  path: string,
  body?: unknown,
): ApiResponse {
  return system.request({
    service: 'network',
    method,
    path: `/v2.0/${path}`,
    auth,
    ...(body === undefined ? {} : { body }),
  });
}

/** `#2 = 3d2af666…` once resolved, `#2` before. */
export function named(index: number, id: string | undefined): string {
  return id === undefined || id === '' ? `#${index}` : `#${index} = ${id}`;
}
