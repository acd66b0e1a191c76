import type { CatalogInput } from '../catalog/catalog.js';
import { DEFAULT_EPOCH_MS } from '../clock/virtual-clock.js';
import { type Cloud, createCloud } from '../cloud.js';
import type { Flavor } from '../compute/server.js';
import type { Scenario } from './types.js';

const FLAVOR_DEFAULTS = {
  ephemeral: 0,
  swap: 0,
  rxtxFactor: 1,
  isPublic: true,
  disabled: false,
  description: null,
  extraSpecs: {},
} as const;

const IMAGE_DEFAULTS = {
  status: 'active',
  minDisk: 0,
  minRam: 0,
  size: 25165824,
  properties: {},
  visibility: 'public',
  ownerProjectId: null,
  serverId: null,
} as const;

/** The catalog a scenario gives, with the fields it may leave out filled in. */
function catalogOf(scenario: Scenario): CatalogInput | undefined {
  const given = scenario.catalog;
  if (!given) return undefined;
  return {
    ...(given.flavors
      ? { flavors: given.flavors.map((f) => ({ ...FLAVOR_DEFAULTS, ...f }) as Flavor) }
      : {}),
    ...(given.images
      ? {
          images: given.images.map(
            (image) =>
              ({ ...IMAGE_DEFAULTS, ...image }) as NonNullable<CatalogInput['images']>[number],
          ),
        }
      : {}),
    ...(given.networks ? { networks: given.networks } : {}),
  };
}

/** The virtual start of a run, in epoch ms. */
export function epochOf(scenario: Scenario): number {
  return scenario.epoch === undefined ? DEFAULT_EPOCH_MS : Date.parse(scenario.epoch);
}

/** Builds the cloud a scenario describes (hosts, config, catalog, quotas). */
export function cloudFor(scenario: Scenario, seed: number | string): Cloud {
  const config = scenario.config ?? {};
  const quotas = { ...config.quotas, ...scenario.quotas };
  const catalog = catalogOf(scenario);
  const cloud = createCloud({
    seed,
    epochMs: epochOf(scenario),
    config: { ...config, quotas },
    ...(scenario.hosts !== undefined ? { hosts: scenario.hosts } : {}),
    ...(catalog ? { catalog } : {}),
  });
  for (const [projectId, project] of Object.entries(scenario.projects ?? {})) {
    if (project.quotas) cloud.compute.projectQuotas.set(projectId, { ...project.quotas });
  }
  return cloud;
}
