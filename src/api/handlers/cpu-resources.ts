import type { Flavor } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import { explicitCpus } from '../../scheduler/pcpu.js';

const CPU_POLICIES: ReadonlySet<string> = new Set(['shared', 'dedicated', 'mixed']);

/**
 * The first checks of master's `hardware.numa_get_constraints`, which compute.API runs on
 * a create's and a resize's flavor and image (`_validate_flavor_image_numa_pci`): explicit
 * `resources[N]:VCPU` / `resources[N]:PCPU` requests against `hw:cpu_policy` (or the
 * image's `hw_cpu_policy`), against each other, and a PCPU count against the flavor's
 * vCPUs (one more with `hw:emulator_threads_policy=isolate`). Each is an InvalidRequest,
 * a 400. The checks master makes before these (an unknown policy, a flavor and image that
 * disagree) are not modelled: such a pair passes here.
 *
 * @example
 * checkCpuResources(flavor, image.properties); // throws Nova's 400
 */
export function checkCpuResources(
  flavor: Flavor,
  imageProperties: Readonly<Record<string, string>>,
): void {
  const specs = flavor.extraSpecs;
  const policy = [specs['hw:cpu_policy'], imageProperties.hw_cpu_policy].find(
    (value) => value !== undefined && CPU_POLICIES.has(value),
  );
  const { vcpus, pcpus } = explicitCpus(specs);
  if (policy !== undefined && (vcpus !== 0 || pcpus !== 0)) {
    throw NovaError.badRequest(
      "It is not possible to use the 'resources:VCPU' or 'resources:PCPU' extra specs in combination with the 'hw:cpu_policy' extra spec or 'hw_cpu_policy' image metadata property; use one or the other",
    );
  }
  if (vcpus !== 0 && pcpus !== 0) {
    throw NovaError.badRequest(
      "It is not possible to specify both 'resources:VCPU' and 'resources:PCPU' extra specs; use one or the other",
    );
  }
  if (pcpus === 0) return;
  const isolate = specs['hw:emulator_threads_policy'] === 'isolate';
  if (isolate && pcpus !== flavor.vcpus + 1) {
    throw NovaError.badRequest(
      "You have requested 'hw:emulator_threads_policy=isolate' but have not requested sufficient PCPUs to handle this policy; you must allocate exactly flavor.vcpus + 1 PCPUs.",
    );
  }
  if (!isolate && pcpus !== flavor.vcpus) {
    throw NovaError.badRequest(
      "There is a mismatch between the number of PCPUs requested via 'resourcesNN:PCPU' and the flavor); you must allocate exactly flavor.vcpus PCPUs",
    );
  }
}
