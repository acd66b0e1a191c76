/**
 * `resources[N]:VCPU` and `resources[N]:PCPU` keys, matched at the key's start as master's
 * `hardware._get_vcpu_pcpu_resources` matches them (`re.match`).
 */
const VCPU_KEY = /^resources([1-9][0-9]*)?:VCPU/;
const PCPU_KEY = /^resources([1-9][0-9]*)?:PCPU/;

/**
 * The VCPUs and PCPUs a flavor's extra specs ask for explicitly, summed over the request
 * groups; a value that is not an integer counts nothing (Nova validates it elsewhere).
 *
 * @example
 * explicitCpus({ 'resources:PCPU': '2' }); // { vcpus: 0, pcpus: 2 }
 */
export function explicitCpus(specs: Readonly<Record<string, string>>): {
  readonly vcpus: number;
  readonly pcpus: number;
} {
  let vcpus = 0;
  let pcpus = 0;
  for (const key in specs) {
    const count = pythonInt(specs[key]!);
    if (VCPU_KEY.test(key)) vcpus += count;
    if (PCPU_KEY.test(key)) pcpus += count;
  }
  return { vcpus, pcpus };
}

/** Python's `int(str)` for the simple cases: optional sign and digits, spaces around. */
function pythonInt(value: string): number {
  const trimmed = value.trim();
  return /^[+-]?\d+$/.test(trimmed) ? Number.parseInt(trimmed, 10) : 0;
}

/**
 * Does the request ask Placement for PCPU outright? The simulated hosts report no PCPU
 * inventory (nor does Nova's fake driver), and an explicit `resources:PCPU` gets no VCPU
 * fallback (master tries one only for `hw:cpu_policy`, see scheduler/manager.py), so
 * Placement returns no candidate: NoValidHost.
 *
 * @example
 * asksPcpu({ 'resources:PCPU': '2' }); // true
 */
export function asksPcpu(specs: Readonly<Record<string, string>>): boolean {
  return explicitCpus(specs).pcpus > 0;
}
