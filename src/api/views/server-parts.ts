import type { Address, AttachedVolume, Flavor, Server } from '../../compute/server.js';
import type { ApiContext } from '../context.js';
import { type PolicyTarget, permitted } from '../policy.js';
import { type ImageParts, requestMemo } from './request-memo.js';

/** `{ rel: 'bookmark', href }` for a catalog resource (§4.5: image and flavor links). */
function bookmark(ctx: ApiContext, path: string) {
  return [{ rel: 'bookmark', href: ctx.links.bookmark(path) }];
}

/**
 * Image properties Nova keeps as instance columns rather than as image properties of the
 * instance, so 2.98's `image.properties` does not list them (the samples' image 70a599e0
 * has kernel_id and ramdisk_id in Glance, yet the server view shows neither).
 */
const NOT_IMAGE_PROPERTIES: ReadonlySet<string> = new Set(['kernel_id', 'ramdisk_id']);

/**
 * The `image` of a server view: `{id, links:[bookmark]}`, from 2.98 with the image's
 * `properties`; `''` for a server booted from a volume.
 *
 * @example
 * imageView(ctx, server); // { id: '70a5…', links: [{ rel: 'bookmark', href: '…/images/70a5…' }] }
 */
export function imageView(ctx: ApiContext, server: Server): Record<string, unknown> | '' {
  if (server.imageRef === '') return '';
  const ref = server.imageRef;
  const id = ref.includes('/') ? (ref.split('/').at(-1) ?? ref) : ref;
  const parts = imageParts(ctx, id);
  const view: Record<string, unknown> = { id, links: [{ rel: 'bookmark', href: parts.href }] };
  if (parts.properties !== undefined) view.properties = { ...parts.properties };
  return view;
}

/** The bookmark and (from 2.98) the shown properties of an image, once per request. */
function imageParts(ctx: ApiContext, id: string): ImageParts {
  const memo = requestMemo(ctx);
  let parts = memo.images.get(id);
  if (parts === undefined) {
    let properties: Record<string, unknown> | undefined;
    if (memo.imageProperties) {
      const all = ctx.cloud.image.getImage(id)?.properties ?? {};
      properties = Object.fromEntries(
        Object.entries(all).filter(([key]) => !NOT_IMAGE_PROPERTIES.has(key)),
      );
    }
    parts = { href: ctx.links.bookmark(`images/${id}`), properties };
    memo.images.set(id, parts);
  }
  return parts;
}

/**
 * The `flavor` of a server view: a bookmark to the flavor before 2.47, the flavor the
 * server was built with embedded from 2.47. `extra_specs` are shown to whoever passes
 * `servers:show:flavor-extra-specs` (default: admin or a reader of the owning project),
 * checked against `target` (a detail list checks the caller's own project).
 *
 * @example
 * flavorView(ctx, server.flavor); // at 2.47: { vcpus: 1, ram: 512, disk: 1, ephemeral: 0, swap: 0, original_name: 'm1.tiny', extra_specs: {} }
 */
export function flavorView(
  ctx: ApiContext,
  flavor: Flavor,
  target?: PolicyTarget,
): Record<string, unknown> {
  const memo = requestMemo(ctx);
  if (!memo.embeddedFlavor) {
    return { id: flavor.id, links: bookmark(ctx, `flavors/${flavor.id}`) };
  }
  const view: Record<string, unknown> = {
    vcpus: flavor.vcpus,
    ram: flavor.ram,
    disk: flavor.disk,
    ephemeral: flavor.ephemeral,
    swap: flavor.swap,
    original_name: flavor.name,
  };
  const extraSpecs =
    target === undefined
      ? memo.listExtraSpecs
      : permitted(ctx, 'os_compute_api:servers:show:flavor-extra-specs', target);
  if (extraSpecs) {
    view.extra_specs = { ...flavor.extraSpecs };
  }
  return view;
}

/** One entry of `addresses`; the `OS-EXT-IPS*` keys only when `extended`. */
function addressView(address: Address, extended: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = { version: address.version, addr: address.addr };
  if (extended) {
    view['OS-EXT-IPS:type'] = address.type;
    view['OS-EXT-IPS-MAC:mac_addr'] = address.mac;
  }
  return view;
}

/**
 * `addresses` (§4.4): by network label, in the order networks first appear, fixed IPs before
 * floating ones within a network; `{}` while the server is building. `extended: false` is the
 * PUT/rebuild form before 2.75 (no `OS-EXT-IPS*` keys).
 *
 * @example
 * addressesView(server, true); // { private: [{ version: 4, addr: '192.168.1.2', 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:00:00:02' }] }
 */
export function addressesView(server: Server, extended: boolean): Record<string, unknown[]> {
  if (server.machine.vmState === 'building') return {};
  const byNetwork = new Map<string, unknown[]>();
  for (const address of server.addresses) byNetwork.set(address.network, []);
  for (const type of ['fixed', 'floating'] as const) {
    for (const address of server.addresses) {
      if (address.type === type)
        byNetwork.get(address.network)?.push(addressView(address, extended));
    }
  }
  return Object.fromEntries(byNetwork);
}

/**
 * `os-extended-volumes:volumes_attached`: `{id}` per volume, with `delete_on_termination`
 * from 2.3.
 *
 * @example
 * volumesView(ctx, server.volumes); // at 2.3: [{ id: 'volume_id1', delete_on_termination: false }]
 */
export function volumesView(ctx: ApiContext, volumes: readonly AttachedVolume[]): unknown[] {
  const withFlag = requestMemo(ctx).volumeFlag;
  return volumes.map((volume) =>
    withFlag
      ? { id: volume.id, delete_on_termination: volume.deleteOnTermination }
      : { id: volume.id },
  );
}

/**
 * The group ids of `server_groups` (2.71): the one group the server is a member of, or none.
 *
 * @example
 * serverGroupsOf(ctx, server); // ['48e6a9f6-…'] or []
 */
export function serverGroupsOf(ctx: ApiContext, server: Server): string[] {
  const groups = ctx.cloud.catalog.groups;
  const own = server.serverGroupId === null ? undefined : groups.get(server.serverGroupId);
  if (own?.members.includes(server.id)) return [own.id];
  for (const group of groups.values()) {
    if (group.members.includes(server.id)) return [group.id];
  }
  return [];
}
