import { type Cloud, createCloud } from '../../src/cloud.js';
import type { ServiceResponse } from '../../src/service/contract.js';

export const DEMO = { projectId: 'demo', userId: 'alice', roles: ['member'] };
export const OTHER = { projectId: 'other', userId: 'bob', roles: ['member'] };
export const ADMIN = { projectId: 'admin', userId: 'admin', roles: ['admin'] };
export const PATCH = { 'content-type': 'application/openstack-images-v2.1-json-patch' };
export const OCTET = { 'content-type': 'application/octet-stream' };

export type Who = typeof DEMO;

export function glance(
  cloud: Cloud,
  method: string,
  path: string,
  options: { body?: unknown; auth?: Who; headers?: Record<string, string> } = {},
): ServiceResponse {
  return cloud.request({
    service: 'image',
    method,
    path,
    auth: options.auth ?? DEMO,
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.headers ? { headers: options.headers } : {}),
  });
}

/** A queued image with formats, owned by `auth`'s project. */
export function queuedImage(
  cloud: Cloud,
  auth: Who = DEMO,
  extra: Record<string, unknown> = {},
): string {
  const res = glance(cloud, 'POST', '/v2/images', {
    auth,
    body: { name: 'img', container_format: 'bare', disk_format: 'raw', ...extra },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}

/** An active image with these bytes. */
export function activeImage(
  cloud: Cloud,
  bytes = 'hello',
  auth: Who = DEMO,
  extra: Record<string, unknown> = {},
): string {
  const id = queuedImage(cloud, auth, extra);
  const res = glance(cloud, 'PUT', `/v2/images/${id}/file`, {
    auth,
    body: new TextEncoder().encode(bytes),
    headers: OCTET,
  });
  if (res.status !== 204) throw new Error(JSON.stringify(res.body));
  cloud.clock.advance(60_000);
  return id;
}

export function newCloud(): Cloud {
  return createCloud({ seed: 7 });
}
