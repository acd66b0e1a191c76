/**
 * The traits master's `ResourceRequest.from_request_spec` asks Placement for, from what the
 * simulator's requests carry: the flavor's `trait[$S]:NAME` extra specs (`required` or
 * `forbidden`; one provider per host, so a suffixed group asks the same host), the image's
 * `trait:NAME=required` properties (`traits_required`), and `_translate_maxphysaddr_request`'s
 * `COMPUTE_ADDRESS_SPACE_*` trait for `hw:maxphysaddr_mode` (flavor first, then image).
 */
const MAXPHYSADDR_TRAITS: Readonly<Record<string, string>> = {
  passthrough: 'COMPUTE_ADDRESS_SPACE_PASSTHROUGH',
  emulate: 'COMPUTE_ADDRESS_SPACE_EMULATED',
};

/** `XS_KEYPAT` for the trait prefix: `trait`, an optional group suffix, `:`, the name. */
const FLAVOR_TRAIT = /^trait([a-zA-Z0-9_-]{1,64})?:(.*)$/;

/** The traits a request needs on a host, and those it must not have. */
export interface TraitRequest {
  readonly required: readonly string[];
  readonly forbidden: readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * The request's traits with those its flavor and image imply.
 *
 * @example
 * impliedTraits([], { 'trait:CUSTOM_X': 'forbidden' }, { hw_maxphysaddr_mode: 'emulate' });
 * // { required: ['COMPUTE_ADDRESS_SPACE_EMULATED'], forbidden: ['CUSTOM_X'] }
 */
export function impliedTraits(
  requested: readonly string[],
  extraSpecs: Readonly<Record<string, string>>,
  imageProperties: Readonly<Record<string, string>>,
): TraitRequest {
  let required: string[] | null = null;
  let forbidden: string[] | null = null;
  const add = (list: string[] | null, trait: string): string[] => {
    const out = list ?? [...requested];
    if (!out.includes(trait)) out.push(trait);
    return out;
  };
  for (const key in extraSpecs) {
    if (!key.startsWith('trait')) continue;
    const match = FLAVOR_TRAIT.exec(key);
    if (match === null) continue;
    const value = extraSpecs[key];
    if (value === 'required') required = add(required, match[2]!);
    else if (value === 'forbidden') forbidden = add(forbidden === null ? [] : forbidden, match[2]!);
  }
  for (const key in imageProperties) {
    if (key.startsWith('trait:') && imageProperties[key] === 'required') {
      required = add(required, key.slice(6));
    }
  }
  const mode = extraSpecs['hw:maxphysaddr_mode'] ?? imageProperties.hw_maxphysaddr_mode;
  const trait =
    mode !== undefined && Object.hasOwn(MAXPHYSADDR_TRAITS, mode)
      ? MAXPHYSADDR_TRAITS[mode]
      : undefined;
  if (trait !== undefined) required = add(required, trait);
  return {
    required: required ?? (requested.length === 0 ? NONE : [...requested]),
    forbidden: forbidden ?? NONE,
  };
}
