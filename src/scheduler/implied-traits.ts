/**
 * Traits master's `ResourceRequest` adds to the unsuffixed group from a flavor and an image
 * that the simulator's requests can carry: `_translate_maxphysaddr_request` turns
 * `hw:maxphysaddr_mode` (flavor first, then the image's `hw_maxphysaddr_mode`) into a
 * required `COMPUTE_ADDRESS_SPACE_*` trait, which Placement then checks.
 */
const MAXPHYSADDR_TRAITS: Readonly<Record<string, string>> = {
  passthrough: 'COMPUTE_ADDRESS_SPACE_PASSTHROUGH',
  emulate: 'COMPUTE_ADDRESS_SPACE_EMULATED',
};

/**
 * The request's required traits with those its flavor and image imply, in that order.
 *
 * @example
 * impliedTraits([], {}, { hw_maxphysaddr_mode: 'emulate' }); // ['COMPUTE_ADDRESS_SPACE_EMULATED']
 */
export function impliedTraits(
  required: readonly string[],
  extraSpecs: Readonly<Record<string, string>>,
  imageProperties: Readonly<Record<string, string>>,
): string[] {
  const traits = [...required];
  const mode = extraSpecs['hw:maxphysaddr_mode'] ?? imageProperties.hw_maxphysaddr_mode;
  const trait =
    mode !== undefined && Object.hasOwn(MAXPHYSADDR_TRAITS, mode)
      ? MAXPHYSADDR_TRAITS[mode]
      : undefined;
  if (trait !== undefined && !traits.includes(trait)) traits.push(trait);
  return traits;
}
