import { expect } from 'vitest';
import { type Cloud, type CloudOptions, createCloud } from '../../../src/cloud.js';
import { call } from '../catalog/helpers.js';

export { call, PROJECT } from '../catalog/helpers.js';

export const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

export function newCloud(options: CloudOptions = {}): Cloud {
  return createCloud({ seed: 11, ...options, config: { jitter: 0, ...options.config } });
}

/** A server booted through the API and left to go ACTIVE (a minute of virtual time). */
export function boot(cloud: Cloud, name = 'vm', flavorRef = '1'): string {
  return bootServer(cloud, { name, imageRef: IMAGE, flavorRef });
}

/** The same at 2.37 with `networks: 'none'`: a server with no port, so no Neutron events. */
export function bootWithoutNetworks(cloud: Cloud): string {
  return bootServer(
    cloud,
    { name: 'x', imageRef: IMAGE, flavorRef: '1', networks: 'none' },
    '2.37',
  );
}

function bootServer(cloud: Cloud, server: Record<string, unknown>, version?: string): string {
  const res = call(cloud, 'POST', 'servers', {
    body: { server },
    ...(version === undefined ? {} : { version }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  return (res.body as { server: { id: string } }).server.id;
}

/** A server action, expected to be accepted, then a minute for it to finish. */
export function act(cloud: Cloud, id: string, body: unknown, version = '2.1'): void {
  const res = call(cloud, 'POST', `servers/${id}/action`, { body, version, admin: true });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  cloud.clock.advance(60_000);
}

/** The `message` of a Nova fault body. */
export function messageOf(body: unknown): string {
  const fault = Object.values(body as Record<string, { message: string }>)[0];
  return fault?.message ?? '';
}

/**
 * A server booted from a 1 GB volume made from IMAGE (boot_index 0), with `imageRef` too
 * when given; its id, a minute later.
 */
export function bootVolumeBacked(
  cloud: Cloud,
  flavorRef = 'big',
  imageRef?: string,
  name = 'bfv',
): string {
  const res = call(cloud, 'POST', 'servers', {
    version: '2.37',
    body: {
      server: {
        name,
        flavorRef,
        networks: 'none',
        ...(imageRef === undefined ? {} : { imageRef }),
        block_device_mapping_v2: [
          {
            boot_index: 0,
            uuid: IMAGE,
            source_type: 'image',
            destination_type: 'volume',
            volume_size: 1,
            delete_on_termination: true,
          },
        ],
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  return (res.body as { server: { id: string } }).server.id;
}
