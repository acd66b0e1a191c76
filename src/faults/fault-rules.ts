import type { TaskState } from '../compute/states.js';
import type { Random } from '../random/prng.js';

/** Which servers a rule applies to; every given condition must hold. */
export interface FaultMatch {
  /** Unanchored regular expression on the server name. */
  readonly name?: string;
  /** Metadata keys whose values must match these regular expressions. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Only on this compute host. */
  readonly host?: string;
  /** Applies this many times, then the rule is spent. */
  readonly count?: number;
  /** Chance in [0, 1] that a matching server is hit, drawn from the seeded PRNG. */
  readonly probability?: number;
}

/**
 * A build that fails on the compute host. A reschedulable failure tries the next
 * alternate host (Nova's RescheduledException); otherwise the build aborts to ERROR.
 */
export interface BuildFailureRule extends FaultMatch {
  readonly kind: 'build-failure';
  readonly reschedule?: boolean;
  readonly message?: string;
}

/** Makes a task step take longer: `ms × factor + extraMs`. */
export interface SlowStepRule extends FaultMatch {
  readonly kind: 'slow-step';
  readonly task: TaskState;
  readonly factor?: number;
  readonly extraMs?: number;
}

/** Takes a host's nova-compute down (or up) at a virtual time: epoch ms, as `cloud.clock.now()` reads. */
export interface HostDownRule {
  readonly kind: 'host-down' | 'host-up';
  readonly host: string;
  readonly atMs: number;
}

/**
 * A Glance image upload (PUT /file, or Nova's snapshot upload) that takes longer:
 * `ms × factor + extraMs`. `name` matches the image name.
 */
export interface SlowImageUploadRule extends FaultMatch {
  readonly kind: 'image-upload-slow';
  readonly factor?: number;
  readonly extraMs?: number;
}

/** A Glance image upload that fails at its end: the image goes back to `queued`. */
export interface ImageUploadFailureRule extends FaultMatch {
  readonly kind: 'image-upload-failure';
}

export type FaultRule =
  | BuildFailureRule
  | SlowStepRule
  | HostDownRule
  | SlowImageUploadRule
  | ImageUploadFailureRule;

/** The rules kept by the injector (host rules go on the clock instead). */
type LiveKind = BuildFailureRule | SlowStepRule | SlowImageUploadRule | ImageUploadFailureRule;

export interface FaultSubject {
  readonly name: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly host: string | null;
}

export interface BuildFailure {
  readonly reschedule: boolean;
  readonly message: string;
}

interface LiveRule {
  readonly rule: LiveKind;
  readonly name: RegExp | undefined;
  readonly metadata: [string, RegExp][];
  remaining: number;
}

export interface FaultsSnapshot {
  readonly rules: readonly {
    readonly rule: LiveKind;
    readonly remaining: number;
  }[];
}

const DEFAULT_BUILD_FAILURE = 'Build of instance failed: injected fault';

/**
 * The fault rules of one cloud, with their remaining counts (part of a snapshot).
 *
 * @example
 * faults.add({ kind: 'build-failure', count: 1 }); // the next build fails and is rescheduled
 */
export class FaultInjector {
  private rules: LiveRule[] = [];
  private readonly rng: () => Random;

  constructor(rng: () => Random) {
    this.rng = rng;
  }

  /** Adds a rule; host-down rules are the clock's business and are ignored here. */
  add(rule: FaultRule): void {
    if (rule.kind === 'host-down' || rule.kind === 'host-up') return;
    this.addServerRule(rule as LiveKind);
  }

  private addServerRule(rule: LiveKind): void {
    this.rules.push({
      rule,
      name: rule.name === undefined ? undefined : new RegExp(rule.name),
      metadata: Object.entries(rule.metadata ?? {}).map(([key, pattern]) => [
        key,
        new RegExp(pattern),
      ]),
      remaining: rule.count ?? Number.POSITIVE_INFINITY,
    });
  }

  clear(): void {
    this.rules = [];
  }

  /** The failure a spawn on this host meets, consuming one use of the rule that hits. */
  buildFailure(server: FaultSubject): BuildFailure | undefined {
    const hit = this.hit('build-failure', server, () => true);
    if (hit?.rule.kind !== 'build-failure') return undefined;
    return {
      reschedule: hit.rule.reschedule ?? true,
      message: hit.rule.message ?? DEFAULT_BUILD_FAILURE,
    };
  }

  /** The duration of a step once slow-step rules are applied. */
  stepMs(server: FaultSubject, task: TaskState | null, ms: number): number {
    if (task === null || this.rules.length === 0) return ms;
    const hit = this.hit(
      'slow-step',
      server,
      (rule) => rule.kind === 'slow-step' && rule.task === task,
    );
    if (hit?.rule.kind !== 'slow-step') return ms;
    return ms * (hit.rule.factor ?? 1) + (hit.rule.extraMs ?? 0);
  }

  /** The duration of an image upload once slow-upload rules are applied. */
  imageUploadMs(image: { readonly name: string | null }, ms: number): number {
    const hit = this.hit('image-upload-slow', imageSubject(image), () => true);
    if (hit?.rule.kind !== 'image-upload-slow') return ms;
    return ms * (hit.rule.factor ?? 1) + (hit.rule.extraMs ?? 0);
  }

  /** Whether this image's upload fails, consuming one use of the rule that hits. */
  imageUploadFailure(image: { readonly name: string | null }): boolean {
    return this.hit('image-upload-failure', imageSubject(image), () => true) !== undefined;
  }

  snapshot(): FaultsSnapshot {
    return {
      rules: this.rules.map((live) => ({
        rule: live.rule,
        remaining: Number.isFinite(live.remaining) ? live.remaining : -1,
      })),
    };
  }

  restore(snapshot: FaultsSnapshot): void {
    this.clear();
    for (const { rule, remaining } of snapshot.rules) {
      this.addServerRule(rule);
      const live = this.rules.at(-1);
      if (live) live.remaining = remaining < 0 ? Number.POSITIVE_INFINITY : remaining;
    }
  }

  private hit(
    kind: LiveRule['rule']['kind'],
    server: FaultSubject,
    applies: (rule: LiveRule['rule']) => boolean,
  ): LiveRule | undefined {
    if (this.rules.length === 0) return undefined;
    for (const live of this.rules) {
      if (live.rule.kind !== kind || live.remaining <= 0 || !applies(live.rule)) continue;
      if (!matches(live, server)) continue;
      const probability = live.rule.probability ?? 1;
      if (probability < 1 && this.rng().next() >= probability) continue;
      live.remaining -= 1;
      return live;
    }
    return undefined;
  }
}

function imageSubject(image: { readonly name: string | null }): FaultSubject {
  return { name: image.name ?? '', metadata: {}, host: null };
}

function matches(live: LiveRule, server: FaultSubject): boolean {
  if (live.rule.host !== undefined && live.rule.host !== server.host) return false;
  if (live.name && !live.name.test(server.name)) return false;
  return live.metadata.every(([key, pattern]) => {
    const value = server.metadata[key];
    return value !== undefined && pattern.test(value);
  });
}
