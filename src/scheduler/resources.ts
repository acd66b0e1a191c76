/**
 * An amount of each resource class the fake driver reports to Placement: `VCPU`,
 * `MEMORY_MB` and `DISK_GB`.
 *
 * @example
 * const flavor: Resources = { vcpus: 2, memoryMb: 4096, diskGb: 40 };
 */
export interface Resources {
  vcpus: number;
  memoryMb: number;
  diskGb: number;
}

/** One of the keys of {@link Resources}. */
export type ResourceClass = keyof Resources;

/** The resource classes, in Placement's order. */
export const RESOURCE_CLASSES: readonly ResourceClass[] = ['vcpus', 'memoryMb', 'diskGb'];

/** Placement's name of each resource class, for error messages. */
export const PLACEMENT_CLASS_NAMES: Readonly<Record<ResourceClass, string>> = {
  vcpus: 'VCPU',
  memoryMb: 'MEMORY_MB',
  diskGb: 'DISK_GB',
};

export function zeroResources(): Resources {
  return { vcpus: 0, memoryMb: 0, diskGb: 0 };
}

export function copyResources(r: Resources): Resources {
  return { vcpus: r.vcpus, memoryMb: r.memoryMb, diskGb: r.diskGb };
}

export function addResources(a: Resources, b: Resources): Resources {
  return {
    vcpus: a.vcpus + b.vcpus,
    memoryMb: a.memoryMb + b.memoryMb,
    diskGb: a.diskGb + b.diskGb,
  };
}

export function subtractResources(a: Resources, b: Resources): Resources {
  return {
    vcpus: a.vcpus - b.vcpus,
    memoryMb: a.memoryMb - b.memoryMb,
    diskGb: a.diskGb - b.diskGb,
  };
}

/**
 * Checks that `value` is a {@link Resources} of non-negative integers (Placement only
 * allocates whole units) and returns a copy. A wrong value is a caller bug: RangeError.
 */
export function checkResources(value: Resources, what: string): Resources {
  for (const rc of RESOURCE_CLASSES) {
    const amount = value[rc];
    if (!Number.isSafeInteger(amount) || amount < 0) {
      throw new RangeError(`${what}.${rc} must be a non-negative integer; got ${String(amount)}`);
    }
  }
  return copyResources(value);
}
