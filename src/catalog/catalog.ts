import type { Flavor } from '../compute/server.js';
import type { NetworkInput } from '../network/defaults.js';
import { DEFAULT_FLAVORS } from './defaults.js';

/** A Glance image as the simulator knows it. */
export interface Image {
  readonly id: string;
  name: string;
  status: 'active' | 'queued' | 'saving' | 'deleted';
  readonly minDisk: number;
  readonly minRam: number;
  /** Bytes. */
  readonly size: number;
  readonly properties: Record<string, string>;
  readonly createdAt: number;
  updatedAt: number;
  readonly visibility: 'public' | 'private';
  readonly ownerProjectId: string | null;
  /** The server a snapshot was taken of, if any. */
  readonly serverId: string | null;
}

export interface Keypair {
  readonly id: number;
  readonly name: string;
  readonly userId: string;
  readonly type: 'ssh' | 'x509';
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly createdAt: number;
}

export interface ServerGroup {
  readonly id: string;
  readonly name: string;
  readonly policy: 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity';
  readonly rules: { readonly max_server_per_host?: number };
  readonly members: string[];
  readonly projectId: string;
  readonly userId: string;
}

export interface CatalogSnapshot {
  readonly flavors: readonly Flavor[];
  readonly images: readonly Image[];
  readonly keypairs: readonly Keypair[];
  readonly groups: readonly ServerGroup[];
  readonly nextKeypairId: number;
  readonly deletedServices?: readonly string[];
}

/** Images of Nova's api_samples (doc/api_samples/images), all public and active. */
const SAMPLE_IMAGES: readonly [string, string, Record<string, string>][] = [
  [
    '70a599e0-31e7-49b7-b260-868f441e862b',
    'fakeimage7',
    {
      architecture: 'x86_64',
      auto_disk_config: 'True',
      kernel_id: 'nokernel',
      ramdisk_id: 'nokernel',
    },
  ],
  [
    '155d900f-4e14-4e4c-a73d-069cbf4541e6',
    'fakeimage123456',
    { architecture: 'x86_64', kernel_id: 'nokernel', ramdisk_id: 'nokernel' },
  ],
  [
    'a2459075-d96c-40d5-893e-577ff92e721c',
    'fakeimage123456',
    { kernel_id: 'nokernel', ramdisk_id: 'nokernel' },
  ],
  [
    '76fa36fc-c930-4bf3-8c8a-ea2a2420deb6',
    'fakeimage123456',
    { architecture: 'x86_64', kernel_id: 'nokernel', ramdisk_id: 'nokernel' },
  ],
  [
    'cedef40a-ed67-4d10-800e-17455edce175',
    'fakeimage123456',
    { kernel_id: 'nokernel', ramdisk_id: 'nokernel' },
  ],
  [
    'a440c04b-79fa-479c-bed1-0b816eaec379',
    'fakeimage6',
    {
      architecture: 'x86_64',
      auto_disk_config: 'False',
      kernel_id: 'nokernel',
      ramdisk_id: 'nokernel',
    },
  ],
];

/** The network the samples attach to ("private", 192.168.1.0/24): Neutron owns it now. */
export { SAMPLE_NETWORK_ID } from '../network/defaults.js';

export interface CatalogInput {
  readonly flavors?: readonly Flavor[];
  readonly images?: readonly Omit<Image, 'createdAt' | 'updatedAt'>[];
  /** Tenant networks (one subnet each) replacing DevStack's defaults in Neutron. */
  readonly networks?: readonly NetworkInput[];
}

/**
 * What Nova serves besides servers: flavors, images, key pairs and server groups. Plain
 * maps; the API layer validates and renders. (Networks are Neutron's: src/network.)
 */
export class Catalog {
  readonly flavors = new Map<string, Flavor>();
  readonly images = new Map<string, Image>();
  /** Key pairs by `${userId}/${name}`. */
  readonly keypairs = new Map<string, Keypair>();
  readonly groups = new Map<string, ServerGroup>();
  /** Controller services (nova-scheduler, nova-conductor) an admin deleted. */
  readonly deletedServices = new Set<string>();
  private nextKeypairId = 1;

  constructor(input: CatalogInput = {}, now = 0) {
    for (const flavor of input.flavors ?? DEFAULT_FLAVORS) {
      this.flavors.set(flavor.id, { ...flavor, extraSpecs: { ...flavor.extraSpecs } });
    }
    const images =
      input.images ??
      SAMPLE_IMAGES.map(([id, name, properties]) => ({
        id,
        name,
        status: 'active' as const,
        minDisk: 0,
        minRam: 0,
        size: 25165824,
        properties,
        visibility: 'public' as const,
        ownerProjectId: null,
        serverId: null,
      }));
    for (const image of images)
      this.images.set(image.id, { ...image, createdAt: now, updatedAt: now });
  }

  /** A flavor by id, or by the last path segment of a flavor URL. */
  findFlavor(ref: string | number): Flavor | undefined {
    const id = String(ref).split('/').at(-1) ?? '';
    return this.flavors.get(id);
  }

  keypair(userId: string, name: string): Keypair | undefined {
    return this.keypairs.get(`${userId}/${name}`);
  }

  addKeypair(keypair: Omit<Keypair, 'id'>): Keypair {
    const stored = { ...keypair, id: this.nextKeypairId++ };
    this.keypairs.set(`${keypair.userId}/${keypair.name}`, stored);
    return stored;
  }

  snapshot(): CatalogSnapshot {
    return structuredClone({
      flavors: [...this.flavors.values()],
      images: [...this.images.values()],
      keypairs: [...this.keypairs.values()],
      groups: [...this.groups.values()],
      nextKeypairId: this.nextKeypairId,
      deletedServices: [...this.deletedServices],
    });
  }

  static restore(snapshot: CatalogSnapshot): Catalog {
    const catalog = new Catalog({ flavors: [], images: [] });
    const copy = structuredClone(snapshot);
    for (const flavor of copy.flavors) catalog.flavors.set(flavor.id, flavor);
    for (const image of copy.images) catalog.images.set(image.id, image);
    for (const keypair of copy.keypairs)
      catalog.keypairs.set(`${keypair.userId}/${keypair.name}`, keypair);
    for (const group of copy.groups) catalog.groups.set(group.id, group);
    catalog.nextKeypairId = copy.nextKeypairId;
    for (const service of copy.deletedServices ?? []) catalog.deletedServices.add(service);
    return catalog;
  }
}
