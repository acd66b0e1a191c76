/**
 * Nova's host weighers (`nova.scheduler.weights.all_weighers`), as a table: what each
 * reads of a host, its `[filter_scheduler]` multiplier option and default, and its
 * `minval` (RAM, CPU, disk and I/O ops normalise from 0, not from the smallest weight).
 */

/** A weigher class name, as in `[filter_scheduler] weight_classes`. */
export type WeigherName =
  | 'ServerGroupSoftAffinityWeigher'
  | 'ServerGroupSoftAntiAffinityWeigher'
  | 'BuildFailureWeigher'
  | 'CPUWeigher'
  | 'CrossCellWeigher'
  | 'DiskWeigher'
  | 'HypervisorVersionWeigher'
  | 'ImagePropertiesWeigher'
  | 'IoOpsWeigher'
  | 'MetricsWeigher'
  | 'NumInstancesWeigher'
  | 'PCIWeigher'
  | 'RAMWeigher';

/** What a weigher reads of a host (`neutral`: the same for every host in this simulator). */
export type WeighedFeature =
  | 'softAffinity'
  | 'softAntiAffinity'
  | 'failedBuilds'
  | 'freeVcpus'
  | 'freeDiskMb'
  | 'hypervisorVersion'
  | 'ioOps'
  | 'instances'
  | 'freeRamMb'
  | 'neutral';

export interface WeigherDef {
  readonly name: WeigherName;
  /** The multiplier option (also the aggregate metadata key that overrides it in Nova). */
  readonly option: string;
  readonly defaultMultiplier: number;
  /** Options that refuse a negative multiplier (`min=0.0` in nova/conf/scheduler.py). */
  readonly nonNegative: boolean;
  /** `BaseWeigher.minval`: raw weights are clamped to it and normalised from it. */
  readonly minval: 0 | null;
  /** BuildFailureWeigher negates its multiplier. */
  readonly negated: boolean;
  readonly feature: WeighedFeature;
}

function def(
  name: WeigherName,
  option: string,
  defaultMultiplier: number,
  feature: WeighedFeature,
  extra: Partial<Pick<WeigherDef, 'minval' | 'negated' | 'nonNegative'>> = {},
): WeigherDef {
  return {
    name,
    option,
    defaultMultiplier,
    feature,
    minval: extra.minval ?? null,
    negated: extra.negated ?? false,
    nonNegative: extra.nonNegative ?? false,
  };
}

/**
 * Every weigher of Nova master, in the order the scheduler sums them. Nova loads
 * them by walking its weights/ directory, so its order is the file system's; this is
 * the modules' alphabetical order (it only matters for the last bit of a float sum).
 *
 * Neutral here: CrossCellWeigher (one cell: 0 unless a cross-cell move), PCIWeigher
 * (no PCI devices: the same weight for every host), MetricsWeigher (no
 * `[metrics] weight_setting`: 0), ImagePropertiesWeigher (its multiplier defaults to
 * 0, and the simulator does not track the images of the instances on each host).
 */
export const WEIGHERS: readonly WeigherDef[] = [
  def('ServerGroupSoftAffinityWeigher', 'soft_affinity_weight_multiplier', 1.0, 'softAffinity', {
    nonNegative: true,
  }),
  def(
    'ServerGroupSoftAntiAffinityWeigher',
    'soft_anti_affinity_weight_multiplier',
    1.0,
    'softAntiAffinity',
    { nonNegative: true },
  ),
  def('BuildFailureWeigher', 'build_failure_weight_multiplier', 1_000_000.0, 'failedBuilds', {
    negated: true,
  }),
  def('CPUWeigher', 'cpu_weight_multiplier', 1.0, 'freeVcpus', { minval: 0 }),
  def('CrossCellWeigher', 'cross_cell_move_weight_multiplier', 1_000_000.0, 'neutral'),
  def('DiskWeigher', 'disk_weight_multiplier', 1.0, 'freeDiskMb', { minval: 0 }),
  def('HypervisorVersionWeigher', 'hypervisor_version_weight_multiplier', 1.0, 'hypervisorVersion'),
  def('ImagePropertiesWeigher', 'image_props_weight_multiplier', 0.0, 'neutral'),
  def('IoOpsWeigher', 'io_ops_weight_multiplier', -1.0, 'ioOps', { minval: 0 }),
  def('MetricsWeigher', 'weight_multiplier', 1.0, 'neutral'),
  def('NumInstancesWeigher', 'num_instances_weight_multiplier', 0.0, 'instances'),
  def('PCIWeigher', 'pci_weight_multiplier', 1.0, 'neutral', { nonNegative: true }),
  def('RAMWeigher', 'ram_weight_multiplier', 1.0, 'freeRamMb', { minval: 0 }),
];

export const WEIGHER_NAMES: readonly WeigherName[] = WEIGHERS.map((w) => w.name);

/**
 * The multiplier options a cloud may set, by Nova's option name. `weight_multiplier`
 * is `[metrics] weight_multiplier`; the others are `[filter_scheduler]`'s.
 */
export const MULTIPLIER_OPTIONS: readonly string[] = WEIGHERS.map((w) => w.option);

/** `[filter_scheduler]` weighing options, as a cloud's config gives them. */
export interface WeighingOptions {
  /** `weight_classes`; default every weigher (`nova.scheduler.weights.all_weighers`). */
  readonly weightClasses?: readonly WeigherName[];
  /** Multipliers by Nova option name, e.g. `{ ram_weight_multiplier: -1.0 }`. */
  readonly multipliers?: Readonly<Record<string, number>>;
}

/** One enabled weigher with a non-zero multiplier: the only ones that move a host. */
export interface ActiveWeigher {
  readonly def: WeigherDef;
  /** The multiplier as Nova applies it (BuildFailureWeigher's already negated). */
  readonly multiplier: number;
}

/** The weighers that count, in summing order. */
export type Weighing = readonly ActiveWeigher[];

/**
 * Checks the options and keeps the weighers whose multiplier is not zero (a zero
 * multiplier adds exactly 0.0 to every host). Bad input is a caller bug: RangeError.
 *
 * @example
 * resolveWeighing({ multipliers: { ram_weight_multiplier: -1 } }); // pack by RAM
 */
export function resolveWeighing(
  options: WeighingOptions = {},
  { keepZero = false }: { readonly keepZero?: boolean } = {},
): Weighing {
  const classes = options.weightClasses ?? WEIGHER_NAMES;
  for (const name of classes) {
    if (!WEIGHER_NAMES.includes(name)) {
      throw new RangeError(
        `weight_classes: unknown weigher ${JSON.stringify(name)}; one of ${WEIGHER_NAMES.join(', ')}`,
      );
    }
  }
  const multipliers = options.multipliers ?? {};
  for (const [option, value] of Object.entries(multipliers)) {
    const weigher = WEIGHERS.find((w) => w.option === option);
    if (weigher === undefined) {
      throw new RangeError(
        `unknown weight multiplier ${JSON.stringify(option)}; one of ${MULTIPLIER_OPTIONS.join(', ')}`,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`${option} must be a finite number; got ${String(value)}`);
    }
    if (weigher.nonNegative && value < 0) {
      throw new RangeError(`${option} must be >= 0; got ${value}`);
    }
  }
  const active: ActiveWeigher[] = [];
  for (const w of WEIGHERS) {
    if (!classes.includes(w.name)) continue;
    const value = multipliers[w.option] ?? w.defaultMultiplier;
    // Neutral weighers give every host the same weight, which normalises to 0.
    if ((value === 0 && !keepZero) || w.feature === 'neutral') continue;
    active.push({ def: w, multiplier: w.negated ? -value : value });
  }
  return active;
}

/** The active multiplier of `feature`, 0 when its weigher is off. */
export function multiplierOf(weighing: Weighing, feature: WeighedFeature): number {
  for (const w of weighing) if (w.def.feature === feature) return w.multiplier;
  return 0;
}
