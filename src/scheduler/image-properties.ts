import { FilterCrash } from './filter-crash.js';
import { pythonInt } from './python-numbers.js';
import { versionSatisfies } from './version-predicate.js';

/** One `(architecture, hypervisor_type, vm_mode)` triple of a host's `supported_instances`. */
export interface SupportedInstance {
  architecture: string;
  hypervisorType: string;
  vmMode: string;
}

/** The canonical `(architecture, hypervisor type, vm mode)` an image asks for; null = any. */
export interface ImageRequirements {
  architecture: string | null;
  hypervisorType: string | null;
  vmMode: string | null;
  /** `img_hv_requested_version` (legacy `hypervisor_version_requires`): a version predicate. */
  hypervisorVersion?: string | null;
  /** `hw_maxphysaddr_bits`, Python's int() of it; null when unset, empty or 0. */
  maxPhysAddrBits?: number | null;
}

/** Image property names ImagePropertiesFilter reads, new name first, then Glance's legacy one. */
const PROPERTY_NAMES = {
  architecture: ['hw_architecture', 'architecture'],
  hypervisorType: ['img_hv_type', 'hypervisor_type'],
  vmMode: ['hw_vm_mode', 'vm_mode'],
  hypervisorVersion: ['img_hv_requested_version', 'hypervisor_version_requires'],
} as const;

/** `nova.objects.fields.Architecture.canonicalize`. */
export function canonicalArchitecture(value: string): string {
  const name = value.toLowerCase();
  if (name === 'i386' || name === 'i486' || name === 'i586') return 'i686';
  if (name === 'x86_32' || name === 'x86_32p') return 'i686';
  if (name === 'amd64') return 'x86_64';
  return name;
}

/** `HVType.canonicalize`. */
export function canonicalHypervisorType(value: string): string {
  const name = value.toLowerCase();
  return name === 'xapi' ? 'xen' : name;
}

/** `VMMode.canonicalize`. */
export function canonicalVmMode(value: string): string {
  const name = value.toLowerCase();
  if (name === 'hv' || name === 'baremetal') return 'hvm';
  if (name === 'pv') return 'xen';
  return name;
}

function property(
  props: Readonly<Record<string, string>>,
  names: readonly string[],
): string | null {
  for (const name of names) {
    const value = props[name];
    if (value !== undefined && value !== '') return value;
  }
  return null;
}

/**
 * What an image's properties ask of a host, or null when they name none of the properties
 * ImagePropertiesFilter reads (then it passes every host, unless a default architecture is
 * configured).
 */
export function imageRequirements(
  props: Readonly<Record<string, string>> | undefined,
): ImageRequirements | null {
  if (props === undefined) return null;
  const arch = property(props, PROPERTY_NAMES.architecture);
  const hvType = property(props, PROPERTY_NAMES.hypervisorType);
  const vmMode = property(props, PROPERTY_NAMES.vmMode);
  const version = property(props, PROPERTY_NAMES.hypervisorVersion);
  const bits =
    props.hw_maxphysaddr_bits === undefined ? null : pythonInt(props.hw_maxphysaddr_bits);
  if (arch === null && hvType === null && vmMode === null && version === null && !bits) {
    return null;
  }
  const wanted: ImageRequirements = {
    architecture: arch === null ? null : canonicalArchitecture(arch),
    hypervisorType: hvType === null ? null : canonicalHypervisorType(hvType),
    vmMode: vmMode === null ? null : canonicalVmMode(vmMode),
  };
  if (version !== null) wanted.hypervisorVersion = version;
  if (bits) wanted.maxPhysAddrBits = bits;
  return wanted;
}

/** `_compare_props`: each requested value is one of the triple's (by membership, not place). */
function offers(s: SupportedInstance, value: string | null): boolean {
  return (
    value === null || value === s.architecture || value === s.hypervisorType || value === s.vmMode
  );
}

/**
 * ImagePropertiesFilter's `_instance_supported`: some supported instance matches every
 * requested property, the host's hypervisor version satisfies `img_hv_requested_version`
 * (a host reporting version 0 skips that check), and then `hw_maxphysaddr_bits` is compared
 * with the host's `cpu_info`. A host advertising nothing supports no such image.
 *
 * That last step reads `host_state.cpu_info.get(...)`, but every driver stores cpu_info as
 * a JSON string: in master it raises AttributeError, which fails the scheduling call.
 */
export function supportsImage(
  supported: readonly SupportedInstance[],
  wanted: ImageRequirements,
  hypervisorVersion = 0,
): boolean {
  // "Supported if no compute-related instance properties are specified."
  if (!wanted.architecture && !wanted.hypervisorType && !wanted.vmMode) return true;
  for (const s of supported) {
    if (!offers(s, wanted.architecture) || !offers(s, wanted.hypervisorType)) continue;
    if (!offers(s, wanted.vmMode)) continue;
    const predicate = wanted.hypervisorVersion;
    if (hypervisorVersion && predicate && !versionSatisfies(predicate, hypervisorVersion)) continue;
    if (wanted.maxPhysAddrBits) {
      throw new FilterCrash('AttributeError', "'str' object has no attribute 'get'");
    }
    return true;
  }
  return false;
}
