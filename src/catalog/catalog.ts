import type { Flavor } from '../compute/server.js';
import type { NetworkInput } from '../network/defaults.js';
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
  readonly keypairs: readonly Keypair[];
  readonly groups: readonly ServerGroup[];
  readonly nextKeypairId: number;
  readonly deletedServices?: readonly string[];
  readonly aggregates?: AggregatesSnapshot;
  /** Projects given access to private flavors, by flavor id. */
  readonly flavorAccess?: readonly [string, string[]][];
}

/** The network the samples attach to ("private"): Neutron owns it now (src/network). */
export { SAMPLE_NETWORK_ID } from '../network/defaults.js';

export interface CatalogInput {
  readonly flavors?: readonly Flavor[];
  readonly images?: readonly Omit<Image, 'createdAt' | 'updatedAt'>[];
  /** Tenant networks (one subnet each) replacing DevStack's defaults in Neutron. */
  readonly networks?: readonly NetworkInput[];
}

/**
 * What Nova serves besides servers: flavors, key pairs and server groups. Plain maps; the
 * API layer validates and renders. Images are Glance's (src/image), networks Neutron's
 * (src/network).
 */
export class Catalog {
  readonly flavors = new Map<string, Flavor>();
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

  snapshot(): CatalogSnapshot {
    return structuredClone({
      flavors: [...this.flavors.values()],
      keypairs: [...this.keypairs.values()],
      groups: [...this.groups.values()],
      nextKeypairId: this.nextKeypairId,
      deletedServices: [...this.deletedServices],
      ...(!this.aggregates.pristine ? { aggregates: this.aggregates.snapshot() } : {}),
      ...(this.flavorAccess.size > 0 ? { flavorAccess: [...this.flavorAccess] } : {}),
    });
  }

  static restore(snapshot: CatalogSnapshot): Catalog {
    const catalog = new Catalog({ flavors: [] });
    const copy = structuredClone(snapshot);
    for (const flavor of copy.flavors) catalog.flavors.set(flavor.id, flavor);
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
