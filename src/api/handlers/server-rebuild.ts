import * as ops from '../../compute/operations.js';
import { isVolumeBacked, type Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import { ARCHITECTURES } from '../../scheduler/filter-settings.js';
import { canonicalArchitecture } from '../../scheduler/image-properties.js';
import { numaConstraintsKey } from '../../scheduler/numa.js';
import type { ApiContext, HandlerResult } from '../context.js';
import { authorize } from '../policy.js';
import { normalizeIpv6 } from '../validation/ipv6.js';
import { serverUpdateView } from '../views/server.js';
import { checkAutoDiskConfig, checkFlavorFitsImage } from './image-checks.js';

type Json = Record<string, unknown>;

/**
 * The rebuild action, its checks in Nova master's order: the trusted_certs policy (API),
 * the lock and state (compute.API.rebuild's decorators), the key pair, the image lookup,
 * its auto_disk_config, the volume-backed refusal, then `_checks_for_create_and_rebuild`
 * (metadata quota, image status, flavor against image).
 *
 * @example
 * rebuildAction(ctx, server, { imageRef }, password); // 202 with the server view
 */
export function rebuildAction(
  ctx: ApiContext,
  server: Server,
  args: Json | null,
  adminPass: string,
): HandlerResult {
  const spec = args ?? {};
  const { cloud } = ctx;
  if (ctx.version.atLeast('2.63') && 'trusted_image_certificates' in spec) {
    authorize(ctx, 'os_compute_api:servers:rebuild:trusted_certs', {
      projectId: server.projectId,
    });
  }
  ops.check(cloud.compute, server, ctx.caller, 'rebuild');
  let keyData: string | null | undefined;
  if (ctx.version.atLeast('2.54') && 'key_name' in spec) {
    const name = spec.key_name as string | null;
    // The caller's key pair, not the owner's: users own keys, projects own servers.
    const keypair = name === null ? undefined : cloud.catalog.keypair(ctx.auth.userId, name);
    if (name !== null && !keypair) throw NovaError.badRequest('Invalid key_name provided.');
    keyData = keypair?.publicKey ?? null;
  }
  const imageRef = String(spec.imageRef ?? '');
  const image = cloud.image.findImage(imageRef, ctx.auth);
  if (!image) throw NovaError.badRequest('Cannot find image for rebuild');
  checkAutoDiskConfig(image, spec['OS-DCF:diskConfig']);
  checkImageArchitecture(image.properties);
  const volumeBacked = isVolumeBacked(server);
  // compute.API.rebuild's orig_image_ref: a volume-backed server's is its root volume's.
  const origImageRef = volumeBacked ? (rootVolumeImage(ctx, server) ?? '') : server.imageRef;
  // A volume-backed server keeps its image in the volume: before 2.93 (no reimage of the
  // boot volume) master rebuilds it only onto the image its root volume was made from.
  if (volumeBacked && ctx.version.below('2.93') && origImageRef !== imageRef) {
    throw NovaError.badRequest(
      `Image ${imageRef} is unacceptable: Unable to rebuild with a different image for a volume-backed server.`,
    );
  }
  const metadata = spec.metadata as Record<string, string> | undefined;
  const limit = cloud.compute.quotasOf(server.projectId).metadataItems;
  if (metadata && limit >= 0 && Object.keys(metadata).length > limit) {
    throw NovaError.forbidden(`Maximum number of metadata items exceeds ${limit}`);
  }
  if (image.status !== 'active') throw NovaError.badRequest(`Image ${imageRef} is not active.`);
  // _validate_flavor_image_nostatus: a volume-backed root skips the disk checks.
  if (!volumeBacked) checkFlavorFitsImage(server.flavor, image);
  else if (server.flavor.ram < image.minRam) {
    throw NovaError.badRequest("Flavor's memory is too small for requested image.");
  }
  const imageChanges = origImageRef !== imageRef;
  if (imageChanges) checkNumaUnchanged(ctx, server, origImageRef, image.properties);

  // A new image goes to the conductor in the request spec, for the scheduler's rebuild check.
  const imageCheck = imageChanges
    ? { origImageRef, imageRef, imageProperties: { ...image.properties } }
    : undefined;
  ops.rebuild(cloud.compute, server, ctx.caller, imageRef, imageCheck);
  if (typeof spec.name === 'string') server.name = spec.name;
  if (metadata !== undefined) server.metadata = { ...metadata };
  if (typeof spec.accessIPv4 === 'string') server.accessIPv4 = spec.accessIPv4;
  if (typeof spec.accessIPv6 === 'string') server.accessIPv6 = normalizeIpv6(spec.accessIPv6);
  // _inherit_properties_from_image: without the parameter, the image's property decides.
  server.autoDiskConfig =
    spec['OS-DCF:diskConfig'] !== undefined
      ? spec['OS-DCF:diskConfig'] === 'AUTO'
      : isTrueString(image.properties.auto_disk_config);
  if ('description' in spec) server.description = (spec.description as string | null) ?? null;
  if (keyData !== undefined) {
    server.keyName = (spec.key_name as string | null) ?? null;
    server.keyData = keyData;
  }
  if ('user_data' in spec) server.userData = (spec.user_data as string | null) ?? null;
  if (typeof spec.hostname === 'string') server.hostname = spec.hostname;
  const view: Json = serverUpdateView(ctx, server, { rebuild: true });
  if (cloud.config.enableInstancePassword) view.adminPass = adminPass;
  return {
    status: 202,
    body: { server: view },
    headers: { location: ctx.links.self(`servers/${server.id}`) },
  };
}

/** The `image_id` of the root volume's `volume_image_metadata`, as compute.API.rebuild reads it. */
function rootVolumeImage(ctx: ApiContext, server: Server): string | undefined {
  const root = server.volumes.find((bdm) => bdm.bootIndex === 0);
  const volume = root === undefined ? undefined : ctx.cloud.volumeApi.find(ctx.caller, root.id);
  return volume?.imageMetadata?.image_id;
}

/**
 * `_check_image_arch`: an image's `hw_architecture` must be one Nova knows
 * (`Architecture.canonicalize`); the legacy `architecture` property is not checked here.
 */
function checkImageArchitecture(properties: Readonly<Record<string, string>>): void {
  const arch = properties.hw_architecture;
  if (!arch) return;
  if (!(ARCHITECTURES as readonly string[]).includes(canonicalArchitecture(arch))) {
    throw NovaError.badRequest(`Architecture name '${arch}' is not recognised`);
  }
}

/**
 * `_validate_numa_rebuild`: the new image may not add, remove or change the NUMA constraints
 * the flavor and the old image gave the instance (the compute's claim of a rebuild is a no-op).
 */
function checkNumaUnchanged(
  ctx: ApiContext,
  server: Server,
  origImageRef: string,
  newProperties: Readonly<Record<string, string>>,
): void {
  const specs = server.flavor.extraSpecs;
  const oldProperties = ctx.cloud.image.getImage(origImageRef)?.properties ?? {};
  if (numaConstraintsKey(specs, oldProperties) !== numaConstraintsKey(specs, newProperties)) {
    throw NovaError.badRequest(
      "An instance's NUMA topology cannot be changed as part of a rebuild. " +
        'The image provided is invalid for this instance.',
    );
  }
}

/** oslo's `bool_from_string` (not strict): anything else, and no value, is False. */
function isTrueString(value: string | undefined): boolean {
  return ['1', 't', 'true', 'on', 'y', 'yes'].includes((value ?? '').trim().toLowerCase());
}
