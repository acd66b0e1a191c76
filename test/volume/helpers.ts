import { type Cloud, createCloud } from '../../src/cloud.js';

export const PROJECT = '6f70656e737461636b20342065766572';
export const OTHER = 'c0ffee00c0ffee00c0ffee00c0ffee00';

export const member = { projectId: PROJECT, userId: 'fake', roles: ['member'] };
export const otherMember = { projectId: OTHER, userId: 'bob', roles: ['member'] };
export const admin = { projectId: 'admin-project', userId: 'admin', roles: ['admin', 'member'] };

type Auth = typeof member;

/** One Cinder call at a microversion (default 3.0). */
export function cinder(
  cloud: Cloud,
  method: string,
  path: string,
  body?: unknown,
  options: { auth?: Auth; version?: string } = {},
) {
  const auth = options.auth ?? member;
  return cloud.request({
    service: 'volume',
    method,
    path: `/v3/${auth.projectId}${path}`,
    ...(body === undefined ? {} : { body }),
    headers: { 'OpenStack-API-Version': `volume ${options.version ?? '3.0'}` },
    auth,
  });
}

/** A volume created and brought to `available`. */
export function availableVolume(
  cloud: Cloud,
  size = 1,
  extra: Record<string, unknown> = {},
  auth = member,
) {
  const res = cinder(cloud, 'POST', '/volumes', { volume: { size, ...extra } }, { auth });
  if (res.status !== 202) throw new Error(`create failed: ${JSON.stringify(res.body)}`);
  cloud.clock.advance(60_000);
  return res.body.volume.id as string;
}

export function statusOf(cloud: Cloud, id: string, auth: Auth = admin): string {
  return cinder(cloud, 'GET', `/volumes/${id}`, undefined, { auth }).body.volume.status;
}

export function newCloud(): Cloud {
  return createCloud({ seed: 7 });
}
