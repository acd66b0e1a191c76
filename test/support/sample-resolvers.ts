import { SAMPLE_PROJECT_ID } from '../../src/catalog/defaults.js';
import type { Cloud } from '../../src/cloud.js';
import type { Exchange } from './sample-exchanges.js';
import { sampleAt } from './samples.js';

// The ids a sample's path names, made real in the replay's cloud.

export const ADMIN = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['admin'] };
export const MEMBER = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['member'] };
export const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
export const SHARE = 'e8debdc0-447a-4376-a10a-4cd9122d7986';
export const GROUP = 'f3d86fe6-4246-4be8-b87c-eb894626c741';

export function headers(version: string) {
  return { 'OpenStack-API-Version': `compute ${version}` };
}

/** What one path parameter stands for, made in the cloud if it has to exist. */
export type Resolver = (cloud: Cloud, ex: Exchange, serverId: () => string) => string;

export const RESOLVERS: Readonly<Record<string, Resolver>> = {
  server_id: (_c, _e, serverId) => serverId(),
  tenant_id: () => SAMPLE_PROJECT_ID,
  share_id: () => SHARE,
  before_timestamp: () => encodeURIComponent('2012-07-05 10:00:00'),
  image_id: () => IMAGE,
  // The first host answers to the samples' hypervisor_hostname, fake-mini.
  hypervisor_hostname_pattern: () => 'fake',
  id: () => 'default',
  request_id: (cloud, _e, serverId) => cloud.compute.get(serverId())!.actions.at(-1)!.requestId,
  network_label: (cloud, _e, serverId) => cloud.compute.get(serverId())!.addresses[0]!.network,
  keypair_name: (cloud) => {
    cloud.catalog.addKeypair({
      name: 'keypair-sample',
      userId: 'fake',
      type: 'ssh',
      publicKey: 'ssh-rsa AAAA sample',
      fingerprint: '00:00',
      createdAt: 0,
    });
    return 'keypair-sample';
  },
  server_group_id: () => GROUP,
  service_id: (cloud, ex) => {
    const res = cloud.request({
      method: 'GET',
      path: '/v2.1/os-services?binary=nova-compute',
      headers: headers(ex.version),
      auth: ADMIN,
    });
    return String((res.body as { services: { id: unknown }[] }).services[0]!.id);
  },
  hypervisor_id: (cloud, ex) => {
    const res = cloud.request({
      method: 'GET',
      path: '/v2.1/os-hypervisors',
      headers: headers(ex.version),
      auth: ADMIN,
    });
    return String((res.body as { hypervisors: { id: unknown }[] }).hypervisors[0]!.id);
  },
  key: (cloud, ex, serverId) => {
    const body = ex.request ? (sampleAt(ex.request) as { meta?: object }) : {};
    const key = Object.keys(body.meta ?? {})[0] ?? 'kernel_id';
    if (ex.path.startsWith('/images/')) {
      cloud.request({
        method: 'PUT',
        path: `/v2.1/images/${IMAGE}/metadata/${encodeURIComponent(key)}`,
        headers: headers('2.1'),
        auth: ADMIN,
        body: { meta: { [key]: 'value' } },
      });
    } else {
      // Replace the record as Nova's metadata API does, never mutate it in place.
      const server = cloud.compute.get(serverId())!;
      server.metadata = { ...server.metadata, [key]: 'Bar' };
    }
    return encodeURIComponent(key);
  },
  flavor_extra_spec_key: (cloud, ex) => {
    const body = (ex.request ? sampleAt(ex.request) : sampleAt(ex.response ?? '')) as Record<
      string,
      string
    >;
    const key = Object.keys(body ?? {})[0] ?? 'key1';
    cloud.request({
      method: 'POST',
      path: '/v2.1/flavors/1/os-extra_specs',
      headers: headers(ex.version),
      auth: ADMIN,
      body: { extra_specs: { [key]: body?.[key] ?? 'value1' } },
    });
    return encodeURIComponent(key);
  },
  console_token: (cloud, ex, serverId) => {
    const res = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${serverId()}/remote-consoles`,
      headers: headers(ex.version),
      auth: ADMIN,
      body: {
        remote_console:
          ex.version >= '2.99' && ex.version.length === 4
            ? { protocol: 'spice', type: 'spice-direct' }
            : { protocol: 'serial', type: 'serial' },
      },
    });
    const url = (res.body as { remote_console?: { url: string } }).remote_console?.url ?? '';
    return /token=([0-9a-f-]+)/.exec(url)?.[1] ?? 'no-token';
  },
};
