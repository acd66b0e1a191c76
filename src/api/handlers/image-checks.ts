import type { Flavor } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ImageRecord } from '../../image/index.js';

const GIB = 1024 ** 3;

/**
 * nova/compute/api.py `_validate_flavor_image_nostatus` for a local root disk: memory
 * against min_ram, then (unless the flavor's disk is 0) the image size and min_disk.
 *
 * @example
 * checkFlavorFitsImage(flavor, cloud.image.getImage(imageRef)!); // throws Nova's 400
 */
export function checkFlavorFitsImage(flavor: Flavor, image: ImageRecord): void {
  if (flavor.ram < image.minRam)
    throw NovaError.badRequest("Flavor's memory is too small for requested image.");
  const dest = flavor.disk * GIB;
  if (dest === 0) return;
  const size = image.size ?? 0;
  if (size > dest) {
    throw NovaError.badRequest(
      `Flavor's disk is too small for requested image. Flavor disk is ${dest} bytes, image is ${size} bytes.`,
    );
  }
  const minDisk = image.minDisk * GIB;
  if (minDisk > dest) {
    throw NovaError.badRequest(
      `Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is ${dest} bytes, minimum size is ${minDisk} bytes.`,
    );
  }
}

/**
 * compute.API `_ensure_auto_disk_config_is_valid`: asking for `AUTO` when the image's
 * `auto_disk_config` property says `Disabled` is a 400.
 *
 * @example
 * checkAutoDiskConfig(image, body.resize['OS-DCF:diskConfig']);
 */
export function checkAutoDiskConfig(image: ImageRecord, requested: unknown): void {
  if (requested !== 'AUTO') return;
  const property = image.properties.auto_disk_config;
  if (typeof property === 'string' && property.trim().toLowerCase() === 'disabled') {
    throw NovaError.badRequest(`Requested image ${image.id} has automatic disk resize disabled.`);
  }
}
