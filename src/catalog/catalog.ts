import type { Address, Flavor } from '../compute/server.js';
import { AggregateStore, type AggregatesSnapshot } from './aggregates.js';
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

/** A Neutron network: fixed IPs come from its subnet, in order. */
export interface Network {
  readonly id: string;
  readonly name: string;
  readonly cidr: string;
  readonly subnetId: string;
  /** null: shared with every project. */
  readonly projectId: string | null;
  /** The next host number to hand out in the subnet. */
  nextHost: number;
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
  readonly networks: readonly Network[];
  readonly keypairs: readonly Keypair[];
  readonly groups: readonly ServerGroup[];
  readonly nextKeypairId: number;
  readonly deletedServices?: readonly string[];
  readonly aggregates?: AggregatesSnapshot;
  /** Projects given access to private flavors, by flavor id. */
  readonly flavorAccess?: readonly [string, string[]][];
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

/** The network the samples attach to ("private", 192.168.1.0/24) and its id. */
export const SAMPLE_NETWORK_ID = '3cb9bc59-5699-4588-a4b1-b87f96708bc6';

export interface CatalogInput {
  readonly flavors?: readonly Flavor[];
  readonly images?: readonly Omit<Image, 'createdAt' | 'updatedAt'>[];
  readonly networks?: readonly Pick<Network, 'id' | 'name' | 'cidr'>[];
}

/**
 * What the cloud serves besides servers: flavors, images, networks, key pairs and server
 * groups. Plain maps; the API layer validates and renders.
 */
export class Catalog {
  readonly flavors = new Map<string, Flavor>();
  readonly images = new Map<string, Image>();
  readonly networks = new Map<string, Network>();
  /** Key pairs by `${userId}/${name}`. */
  readonly keypairs = new Map<string, Keypair>();
  readonly groups = new Map<string, ServerGroup>();
  /** Controller services (nova-scheduler, nova-conductor) an admin deleted. */
  readonly deletedServices = new Set<string>();
  /** os-flavor-access: the projects that may use each private flavor. */
  readonly flavorAccess = new Map<string, string[]>();
  /** Host aggregates (os-aggregates). */
  aggregates = new AggregateStore();
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
    const networks = input.networks ?? [
      { id: SAMPLE_NETWORK_ID, name: 'private', cidr: '192.168.1.0/24' },
    ];
    networks.forEach((network, i) => {
      this.networks.set(network.id, {
        ...network,
        subnetId: subnetIdFor(i),
        projectId: null,
        nextHost: 2,
      });
    });
  }

  /** A flavor by id, or by the last path segment of a flavor URL. */
  findFlavor(ref: string | number): Flavor | undefined {
    const id = String(ref).split('/').at(-1) ?? '';
    return this.flavors.get(id);
  }

  /**
   * Nova's flavor query for a request context: admins see every flavor, others the
   * public ones and the private ones their project was given access to.
   */
  flavorVisible(flavor: Flavor, projectId: string, isAdmin: boolean): boolean {
    return isAdmin || flavor.isPublic || this.hasFlavorAccess(flavor.id, projectId);
  }

  hasFlavorAccess(flavorId: string, projectId: string): boolean {
    return this.flavorAccess.get(flavorId)?.includes(projectId) ?? false;
  }

  keypair(userId: string, name: string): Keypair | undefined {
    return this.keypairs.get(`${userId}/${name}`);
  }

  addKeypair(keypair: Omit<Keypair, 'id'>): Keypair {
    const stored = { ...keypair, id: this.nextKeypairId++ };
    this.keypairs.set(`${keypair.userId}/${keypair.name}`, stored);
    return stored;
  }

  /** Networks a project can attach to: its own and the shared ones, in creation order. */
  networksFor(projectId: string): Network[] {
    return [...this.networks.values()].filter(
      (n) => n.projectId === null || n.projectId === projectId,
    );
  }

  /** The next fixed IPv4 address of the network's subnet, with a MAC made from it. */
  allocateAddress(network: Network): Address {
    const [base = '10.0.0.0'] = network.cidr.split('/');
    const octets = base.split('.').map(Number);
    const host = network.nextHost++;
    const value =
      (((octets[0] ?? 0) << 24) | ((octets[1] ?? 0) << 16) | ((octets[2] ?? 0) << 8)) + host;
    const addr = [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
    const mac = `fa:16:3e:${[(host >> 16) & 0xff, (host >> 8) & 0xff, host & 0xff]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join(':')}`;
    return { network: network.name, version: 4, addr, type: 'fixed', mac };
  }

  snapshot(): CatalogSnapshot {
    return structuredClone({
      flavors: [...this.flavors.values()],
      images: [...this.images.values()],
      networks: [...this.networks.values()],
      keypairs: [...this.keypairs.values()],
      groups: [...this.groups.values()],
      nextKeypairId: this.nextKeypairId,
      deletedServices: [...this.deletedServices],
      ...(!this.aggregates.pristine ? { aggregates: this.aggregates.snapshot() } : {}),
      ...(this.flavorAccess.size > 0 ? { flavorAccess: [...this.flavorAccess] } : {}),
    });
  }

  static restore(snapshot: CatalogSnapshot): Catalog {
    const catalog = new Catalog({ flavors: [], images: [], networks: [] });
    const copy = structuredClone(snapshot);
    for (const flavor of copy.flavors) catalog.flavors.set(flavor.id, flavor);
    for (const image of copy.images) catalog.images.set(image.id, image);
    for (const network of copy.networks) catalog.networks.set(network.id, network);
    for (const keypair of copy.keypairs)
      catalog.keypairs.set(`${keypair.userId}/${keypair.name}`, keypair);
    for (const group of copy.groups) catalog.groups.set(group.id, group);
    catalog.nextKeypairId = copy.nextKeypairId;
    for (const service of copy.deletedServices ?? []) catalog.deletedServices.add(service);
    catalog.aggregates = AggregateStore.restore(copy.aggregates);
    for (const [id, projects] of copy.flavorAccess ?? []) catalog.flavorAccess.set(id, projects);
    return catalog;
  }
}

function subnetIdFor(index: number): string {
  return `5b5c3e8a-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
}
