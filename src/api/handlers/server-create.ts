import { type BuildRequest, createServers } from '../../compute/create.js';
import {
  allocateForInstance,
  checkSecurityGroups,
  refuseOverPortQuota,
  validateNetworks,
} from '../../compute/network-api.js';
import { allowedCount } from '../../compute/quota.js';
import { NovaError } from '../../errors/nova-error.js';
import { adminPass } from '../../random/ids.js';
import type { ApiContext, HandlerResult } from '../context.js';
import { authorize, permitted } from '../policy.js';
import { normalizeIpv6 } from '../validation/ipv6.js';
import { createServerSchema } from '../validation/schemas/index.js';
import { validateBody } from '../validation/validate.js';
import { serverLinks } from '../views/server.js';
import { checkZoneAvailable, parseAvailabilityZone } from './availability-zone.js';
import {
  checkRootDevice,
  planBootVolumes,
  realizeBootVolumes,
  validateBootVolumes,
} from './boot-volumes.js';
import { checkCpuResources } from './cpu-resources.js';
import { checkAutoDiskConfig, checkFlavorFitsImage } from './image-checks.js';
import { checkMultipleInstances, parseRequestedNetworks } from './server-create-networks.js';
import { objectBody } from './server-lookup.js';

type Json = Record<string, unknown>;

/** POST /servers: Nova's create, from validation to the 202 with one server described. */
export function createServer(ctx: ApiContext): HandlerResult {
  const body = objectBody(ctx);
  validateBody(createServerSchema(ctx.version), body);
  const spec = body.server as Json;
  const hints = (body['os:scheduler_hints'] ?? body['OS-SCH-HNT:scheduler_hints'] ?? {}) as Json;
  const { cloud, version } = ctx;

  const minCount = toInt(spec.min_count, 1);
  const maxCount = toInt(spec.max_count, minCount);
  if (minCount > maxCount) throw NovaError.badRequest('min_count must be <= max_count');
  authorize(ctx, 'os_compute_api:servers:create');
  // servers.py create: the policies in Nova's order, each only when its input is there.
  const certs = spec.trusted_image_certificates;
  if (Array.isArray(certs) && certs.length > 0) {
    authorize(ctx, 'os_compute_api:servers:create:trusted_certs');
  }
  const zone = parseAvailabilityZone(ctx, spec.availability_zone as string | undefined);
  if (version.atLeast('2.74')) checkRequestedDestination(ctx, spec, zone.host ?? zone.node);

  const bdms = (spec.block_device_mapping_v2 ?? spec.block_device_mapping) as Json[] | undefined;
  if (spec.block_device_mapping_v2 !== undefined && spec.block_device_mapping !== undefined) {
    throw NovaError.badRequest(
      'Using different block_device_mapping syntaxes is not allowed in the same request.',
    );
  }
  const planned = planBootVolumes(bdms, spec.block_device_mapping !== undefined, () =>
    authorize(ctx, 'os_compute_api:servers:create:attach_volume'),
  );
  const volumes = planned.filter((bdm) => bdm.source === 'volume');
  const imageRef = typeof spec.imageRef === 'string' ? spec.imageRef : '';
  const bootFromVolume = imageRef === '' && bdms !== undefined && bdms.length > 0;
  if (imageRef === '' && !bootFromVolume) throw NovaError.badRequest('Missing imageRef attribute');
  parseRequestedNetworks(spec.networks);
  if (allocatesNetworks(spec.networks)) {
    authorize(ctx, 'os_compute_api:servers:create:attach_network');
  }
  // The controller's flavor lookup; a disabled flavor is refused later, by compute.API.
  const flavor = cloud.catalog.findFlavor(spec.flavorRef as string | number);
  if (!flavor || !cloud.catalog.flavorVisible(flavor, ctx.auth.projectId, ctx.isAdmin)) {
    throw NovaError.badRequest(`Flavor ${String(spec.flavorRef)} could not be found.`);
  }

  // compute.API.create, then _create_instance, in their order (docs/check-order.md).
  checkMultipleInstances(spec.networks, maxCount);
  if (spec.hostname !== undefined && maxCount > 1) {
    throw NovaError.badRequest('Unable to allocate a single hostname to multiple instances');
  }
  // A forced host or node is not looked up here: one that does not exist ends the build
  // in NoValidHost (the scheduler's `resources_from_request_spec`).
  if (!zone.byHost) checkZoneAvailable(ctx, zone.zone);
  const image = imageRef === '' ? undefined : cloud.image.findImage(imageRef, ctx.auth);
  if (imageRef !== '' && !image) throw NovaError.badRequest('Can not find requested image');
  if (bootFromVolume) checkRootDevice(ctx, planned);
  if (image) checkAutoDiskConfig(image, spec['OS-DCF:diskConfig']);
  // _validate_and_build_base_options.
  if (flavor.disabled) {
    throw NovaError.badRequest(`Flavor ${String(spec.flavorRef)} could not be found.`);
  }
  const securityGroups = uniqueNames(
    (spec.security_groups as { name: string }[] | undefined) ?? [{ name: 'default' }],
  );
  // _check_requested_secgroups looks every name up but `default`, networks or not.
  checkSecurityGroups(
    cloud.neutron,
    ctx.auth.projectId,
    securityGroups.filter((name) => name !== 'default'),
  );
  const { requests: networks, maxInstances } = validateNetworks(
    cloud.neutron,
    ctx.auth,
    spec.networks,
    maxCount,
  );
  const securityGroupIds =
    networks.length === 0
      ? []
      : checkSecurityGroups(cloud.neutron, ctx.auth.projectId, securityGroups);
  const keyName = typeof spec.key_name === 'string' ? spec.key_name : null;
  const keypair = keyName === null ? undefined : cloud.catalog.keypair(ctx.auth.userId, keyName);
  if (keyName !== null && !keypair) throw NovaError.badRequest('Invalid key_name provided.');
  refuseOverPortQuota(maxInstances, minCount);
  // _check_and_transform_bdm.
  if (volumes.length > 0 && maxCount > 1) {
    throw NovaError.badRequest('Cannot attach one or more volumes to multiple instances');
  }
  // _checks_for_create_and_rebuild: quotas of the request, then the image against the flavor.
  const metadata = (spec.metadata ?? {}) as Record<string, string>;
  const quotas = cloud.compute.quotasOf(ctx.auth.projectId);
  if (quotas.metadataItems >= 0 && Object.keys(metadata).length > quotas.metadataItems) {
    throw NovaError.forbidden(`Maximum number of metadata items exceeds ${quotas.metadataItems}`);
  }
  checkPersonality(ctx, spec.personality);
  if (image && image.status !== 'active')
    throw NovaError.badRequest(`Image ${imageRef} is not active.`);
  if (image) {
    checkFlavorFitsImage(flavor, image);
    if (flavor.disk === 0 && !permitted(ctx, 'os_compute_api:servers:create:zero_disk_flavor')) {
      throw NovaError.forbidden(
        'Only volume-backed servers are allowed for flavors with zero disk.',
      );
    }
    checkCpuResources(flavor, image.properties);
  }

  const groupId = hintValue(hints.group);
  const group = groupId === undefined ? undefined : cloud.catalog.groups.get(groupId);
  if (groupId !== undefined && !group)
    throw NovaError.badRequest(`Instance group ${groupId} could not be found.`);

  // _provision_instances: the requested destination, then the quota.
  const requestedHost = requestedDestination(ctx, spec);
  const count = allowedCount(
    cloud.compute,
    ctx.auth.projectId,
    { instances: 1, cores: flavor.vcpus, ram: flavor.ram },
    minCount,
    Math.min(maxCount, maxInstances),
  );
  validateBootVolumes(ctx, planned);
  if (group && quotas.serverGroupMembers >= 0) {
    const live = group.members.filter((id) => !cloud.compute.get(id)?.deleted).length;
    if (live + count > quotas.serverGroupMembers) {
      throw NovaError.forbidden('Quota exceeded, too many servers in group');
    }
  }

  const password =
    typeof spec.adminPass === 'string'
      ? spec.adminPass
      : adminPass(cloud.random, cloud.config.passwordLength);
  const diskConfig =
    spec['OS-DCF:diskConfig'] ??
    (image?.properties.auto_disk_config === 'True' ? 'AUTO' : 'MANUAL');
  const request: BuildRequest = {
    name: spec.name as string,
    flavor,
    imageRef,
    count,
    // Kept as asked, even a zone no host is in (`zone:` skips the check): the conductor
    // maps it to Placement's aggregates (cloud/placement-zone.ts) when it schedules.
    availabilityZone: zone.zone,
    forcedHost: zone.host,
    ...(zone.node === null ? {} : { forcedNode: zone.node }),
    requestedHost,
    metadata,
    tags: (spec.tags as string[] | undefined) ?? [],
    keyName,
    keyData: keypair?.publicKey ?? null,
    accessIPv4: (spec.accessIPv4 as string | undefined) ?? '',
    accessIPv6: normalizeIpv6((spec.accessIPv6 as string | undefined) ?? ''),
    autoDiskConfig: diskConfig === 'AUTO',
    configDrive: isTrue(spec.config_drive),
    userData: (spec.user_data as string | undefined) ?? null,
    ...(version.atLeast('2.19')
      ? { description: (spec.description as string | null | undefined) ?? null }
      : {}),
    ...(typeof spec.hostname === 'string' ? { hostname: spec.hostname } : {}),
    securityGroups: networks.length === 0 ? [] : securityGroups,
    volumes: [],
    serverGroupId: group?.id ?? null,
    schedulerHints: storedHints(hints),
    trustedImageCertificates:
      (spec.trusted_image_certificates as string[] | null | undefined) ?? null,
  };
  const servers = createServers(cloud.compute, cloud.random, ctx.caller, request);
  for (const created of servers) realizeBootVolumes(ctx, created, planned);
  for (const server of servers) {
    allocateForInstance(cloud.neutron, server, ctx.auth, networks, securityGroupIds);
  }
  if (group) group.members.push(...servers.map((server) => server.id));

  if (isTrue(spec.return_reservation_id)) {
    return { status: 202, body: { reservation_id: servers[0]!.reservationId } };
  }
  const first = servers[0]!;
  const links = serverLinks(ctx, first.id);
  const server: Json = {
    id: first.id,
    links,
    'OS-DCF:diskConfig': diskConfig,
    security_groups: securityGroups.map((name) => ({ name })),
  };
  if (cloud.config.enableInstancePassword) server.adminPass = password;
  return { status: 202, body: { server }, headers: { location: links[0]!.href } };
}

/**
 * servers.py `_process_hosts_for_create` (2.74): `host` / `hypervisor_hostname` need the
 * requested_destination policy and exclude a forced host in the zone.
 */
function checkRequestedDestination(ctx: ApiContext, spec: Json, forcedHost: string | null) {
  if (!spec.host && !spec.hypervisor_hostname) return;
  authorize(ctx, 'compute:servers:create:requested_destination');
  if (forcedHost !== null) {
    throw NovaError.badRequest(
      'One mechanism with host and/or hypervisor_hostname and another mechanism with zone:host:node are mutually exclusive.',
    );
  }
}

/** Whether `networks` asks for an allocation (absent, `[]` and `none` do not). */
function allocatesNetworks(networks: unknown): boolean {
  if (networks === 'auto') return true;
  return Array.isArray(networks) && networks.length > 0;
}

/** 2.74 `host` / `hypervisor_hostname` (a node is its host here): it must exist. */
function requestedDestination(ctx: ApiContext, spec: Json): string | null {
  const host = (spec.host ?? spec.hypervisor_hostname) as string | undefined;
  if (host === undefined) return null;
  if (
    spec.host !== undefined &&
    spec.hypervisor_hostname !== undefined &&
    spec.host !== spec.hypervisor_hostname
  ) {
    throw NovaError.badRequest(`Compute host ${String(spec.host)} could not be found.`);
  }
  if (!ctx.cloud.scheduler.getHost(host)) {
    throw NovaError.badRequest(`Compute host ${host} could not be found.`);
  }
  return host;
}

function toInt(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  return typeof value === 'number' ? value : Number.parseInt(String(value), 10);
}

/** Nova's `strutils.bool_from_string` as the schema lets it through. */
function isTrue(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return ['1', 't', 'true', 'on', 'y', 'yes'].includes(String(value ?? '').toLowerCase());
}

function hintValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return value[0] === undefined ? undefined : String(value[0]);
  return value === undefined ? undefined : String(value);
}

/** The request spec keeps every hint as a list and drops `_nova*` ones. */
function storedHints(hints: Json): Record<string, string[]> {
  const stored: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(hints)) {
    if (key.startsWith('_nova')) continue;
    stored[key] = (Array.isArray(value) ? value : [value]).map(String);
  }
  return stored;
}

function uniqueNames(groups: readonly { name: string }[]): string[] {
  return [...new Set(groups.map((group) => group.name))];
}

function checkPersonality(ctx: ApiContext, personality: unknown): void {
  if (!Array.isArray(personality)) return;
  const quotas = ctx.cloud.compute.quotasOf(ctx.auth.projectId);
  if (quotas.injectedFiles >= 0 && personality.length > quotas.injectedFiles) {
    throw NovaError.forbidden('Personality file limit exceeded');
  }
  for (const file of personality as Json[]) {
    const path = String(file.path ?? '');
    const contents = String(file.contents ?? '');
    if (path.length > quotas.injectedFilePathLength) {
      throw NovaError.forbidden(
        `Personality file path exceeds maximum ${quotas.injectedFilePathLength}`,
      );
    }
    if (contents.length > quotas.injectedFileContentBytes) {
      throw NovaError.forbidden(
        `Personality file content exceeds maximum ${quotas.injectedFileContentBytes}`,
      );
    }
  }
}
