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
}

/** Image property names ImagePropertiesFilter reads, new name first, then Glance's legacy one. */
const PROPERTY_NAMES = {
  architecture: ['hw_architecture', 'architecture'],
  hypervisorType: ['img_hv_type', 'hypervisor_type'],
  vmMode: ['hw_vm_mode', 'vm_mode'],
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
  if (name === 'hv') return 'hvm';
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
 * What an image's properties ask of a host, or null when they ask nothing (then
 * ImagePropertiesFilter passes every host).
 */
export function imageRequirements(
  props: Readonly<Record<string, string>> | undefined,
): ImageRequirements | null {
  if (props === undefined) return null;
  const arch = property(props, PROPERTY_NAMES.architecture);
  const hvType = property(props, PROPERTY_NAMES.hypervisorType);
  const vmMode = property(props, PROPERTY_NAMES.vmMode);
  if (arch === null && hvType === null && vmMode === null) return null;
  return {
    architecture: arch === null ? null : canonicalArchitecture(arch),
    hypervisorType: hvType === null ? null : canonicalHypervisorType(hvType),
    vmMode: vmMode === null ? null : canonicalVmMode(vmMode),
  };
}

/**
 * ImagePropertiesFilter's `_instance_supported`: some supported instance matches
 * every requested property. A host advertising nothing supports no such image.
 */
export function supportsImage(
  supported: readonly SupportedInstance[],
  wanted: ImageRequirements,
): boolean {
  return supported.some(
    (s) =>
      (wanted.architecture === null || wanted.architecture === s.architecture) &&
      (wanted.hypervisorType === null || wanted.hypervisorType === s.hypervisorType) &&
      (wanted.vmMode === null || wanted.vmMode === s.vmMode),
  );
}
