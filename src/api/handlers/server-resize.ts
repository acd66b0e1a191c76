import * as ops from '../../compute/operations.js';
import { isVolumeBacked, type Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext } from '../context.js';
import { checkCpuResources } from './cpu-resources.js';
import { checkAutoDiskConfig, checkFlavorFitsImage } from './image-checks.js';

/**
 * The resize action, its checks in nova/compute/api.py `resize` order: lock, state and
 * host (decorators), the image's auto_disk_config, the flavor lookup, the zero-disk
 * refusal (image-backed servers only), a disabled flavor, the same flavor, the upsize
 * quota, and last the image's limits against the new flavor.
 *
 * @example
 * resizeAction(ctx, server, { flavorRef: '2' });
 */
export function resizeAction(
  ctx: ApiContext,
  server: Server,
  args: Record<string, unknown> | null,
): void {
  const { cloud } = ctx;
  ops.check(cloud.compute, server, ctx.caller, 'resize');
  const image = server.imageRef === '' ? undefined : cloud.image.getImage(server.imageRef);
  if (image) checkAutoDiskConfig(image, args?.['OS-DCF:diskConfig']);
  const ref = args?.flavorRef as string | number;
  const flavor = cloud.catalog.findFlavor(ref);
  if (!flavor || !cloud.catalog.flavorVisible(flavor, ctx.auth.projectId, ctx.isAdmin)) {
    throw NovaError.badRequest(`Flavor ${String(ref)} could not be found.`);
  }
  const volumeBacked = isVolumeBacked(server);
  if (flavor.disk === 0 && server.flavor.disk !== 0 && !volumeBacked) {
    throw NovaError.badRequest(
      'Server disk was unable to be resized because: Resize to zero disk flavor is not allowed.',
    );
  }
  const same = flavor.id === server.flavor.id;
  if (!same && flavor.disabled) {
    throw NovaError.badRequest(`Flavor ${String(ref)} could not be found.`);
  }
  ops.checkResize(cloud.compute, server, flavor);
  // A volume-backed server skips the disk checks but not the NUMA ones, then min_ram. An
  // image only in its volume's metadata is not modelled: the flavor's own checks run.
  if (image && !volumeBacked) checkFlavorFitsImage(flavor, image);
  checkCpuResources(flavor, image?.properties ?? {});
  if (image && volumeBacked && flavor.ram < image.minRam) {
    throw NovaError.badRequest("Flavor's memory is too small for requested image.");
  }
  ops.resize(cloud.compute, server, ctx.caller, flavor);
  // `instance.auto_disk_config = auto_disk_config or False`: no parameter means MANUAL.
  server.autoDiskConfig = args?.['OS-DCF:diskConfig'] === 'AUTO';
}
