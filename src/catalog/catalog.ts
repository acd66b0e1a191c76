import type { Address, Flavor } from '../compute/server.js';
import { AggregateStore, type AggregatesSnapshot } from './aggregates.js';
import { DEFAULT_FLAVORS } from './defaults.js';

/** An image of `createCloud({ catalog: { images } })`, which Glance (src/image) then keeps. */
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
  readonly networks: readonly Network[];
  readonly keypairs: readonly Keypair[];
  readonly groups: readonly ServerGroup[];
  readonly nextKeypairId: number;
  readonly deletedServices?: readonly string[];
  readonly aggregates?: AggregatesSnapshot;
  /** Projects given access to private flavors, by flavor id. */
  readonly flavorAccess?: readonly [string, string[]][];
}

/** The network the samples attach to ("private", 192.168.1.0/24) and its id. */
export const SAMPLE_NETWORK_ID = '3cb9bc59-5699-4588-a4b1-b87f96708bc6';

export interface CatalogInput {
  readonly flavors?: readonly Flavor[];
  readonly images?: readonly Omit<Image, 'createdAt' | 'updatedAt'>[];
  readonly networks?: readonly Pick<Network, 'id' | 'name' | 'cidr'>[];
}

/**
 * What the cloud serves besides servers: flavors, networks, key pairs and server groups.
 * Plain maps; the API layer validates and renders. Images are Glance's (src/image).
 */
export class Catalog {
  readonly flavors = new Map<string, Flavor>();
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

  constructor(input: CatalogInput = {}) {
    for (const flavor of input.flavors ?? DEFAULT_FLAVORS) {
      this.flavors.set(flavor.id, { ...flavor, extraSpecs: { ...flavor.extraSpecs } });
    }
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
    const catalog = new Catalog({ flavors: [], networks: [] });
    const copy = structuredClone(snapshot);
    for (const flavor of copy.flavors) catalog.flavors.set(flavor.id, flavor);
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
