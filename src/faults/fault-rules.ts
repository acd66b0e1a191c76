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
 * A Neutron operation that fails: the next port create (`port-create-failure`) or the next
 * floating-IP allocation (`floating-ip-failure`). Neutron answers with its error body;
 * Nova's build meets it as a failed network allocation.
 */
export interface NetworkFailureRule {
  readonly kind: 'port-create-failure' | 'floating-ip-failure';
  /** Applies this many times, then the rule is spent (default: every time). */
  readonly count?: number;
  readonly probability?: number;
  /** HTTP status of Neutron's answer (default 500). */
  readonly status?: number;
  /** Neutron's error type (default HTTPInternalServerError). */
  readonly type?: string;
  readonly message?: string;
}

export type FaultRule = BuildFailureRule | SlowStepRule | HostDownRule | NetworkFailureRule;

export interface FaultSubject {
  readonly name: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly host: string | null;
}

export interface BuildFailure {
  readonly reschedule: boolean;
  readonly message: string;
}

type CountedRule = BuildFailureRule | SlowStepRule | NetworkFailureRule;

interface LiveRule {
  readonly rule: CountedRule;
  readonly name: RegExp | undefined;
  readonly metadata: [string, RegExp][];
  remaining: number;
}

export interface FaultsSnapshot {
  readonly rules: readonly {
    readonly rule: CountedRule;
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
    this.addServerRule(rule as CountedRule);
  }

  private addServerRule(rule: CountedRule): void {
    const match: FaultMatch = 'name' in rule || 'metadata' in rule ? rule : {};
    this.rules.push({
      rule,
      name: match.name === undefined ? undefined : new RegExp(match.name),
      metadata: Object.entries(match.metadata ?? {}).map(([key, pattern]) => [
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

  /** The network failure rule that hits this Neutron operation, consuming one use. */
  networkFailure(kind: NetworkFailureRule['kind']): NetworkFailureRule | undefined {
    const hit = this.hit(kind, NO_SUBJECT, () => true);
    return hit?.rule.kind === kind ? (hit.rule as NetworkFailureRule) : undefined;
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

const NO_SUBJECT: FaultSubject = { name: '', metadata: {}, host: null };

function matches(live: LiveRule, server: FaultSubject): boolean {
  const host = 'host' in live.rule ? live.rule.host : undefined;
  if (host !== undefined && host !== server.host) return false;
  if (live.name && !live.name.test(server.name)) return false;
  return live.metadata.every(([key, pattern]) => {
    const value = server.metadata[key];
    return value !== undefined && pattern.test(value);
  });
}
