import fc from 'fast-check';
import type { FaultRule } from '../../faults/fault-rules.js';

/** The choices behind a fault rule; the host is a position, the time relative to now. */
export interface FaultArgs {
  readonly kind: 'build-failure' | 'slow-step' | 'host-down' | 'host-up';
  readonly count: number;
  readonly reschedule: boolean;
  readonly task: 'spawning' | 'powering-off' | 'resize_migrating' | 'rebooting_hard' | 'shelving';
  readonly factor: number;
  readonly host: number;
  readonly inMs: number;
}

export function faultArgs(): fc.Arbitrary<FaultArgs> {
  return fc.record({
    kind: fc.constantFrom('build-failure', 'build-failure', 'slow-step', 'host-down', 'host-up'),
    count: fc.integer({ min: 1, max: 3 }),
    reschedule: fc.boolean(),
    task: fc.constantFrom(
      'spawning',
      'powering-off',
      'resize_migrating',
      'rebooting_hard',
      'shelving',
    ),
    factor: fc.constantFrom(2, 10, 100),
    host: fc.nat(7),
    inMs: fc.integer({ min: 0, max: 120_000 }),
  });
}

/** Resolves fault choices against a cloud's hosts and clock. */
export function buildFaultRule(
  args: FaultArgs,
  ctx: { readonly hosts: readonly string[]; readonly now: number },
): FaultRule {
  const host = ctx.hosts[args.host % Math.max(1, ctx.hosts.length)] ?? 'compute-1';
  switch (args.kind) {
    case 'build-failure':
      return { kind: 'build-failure', count: args.count, reschedule: args.reschedule };
    case 'slow-step':
      return { kind: 'slow-step', task: args.task, factor: args.factor, count: args.count };
    case 'host-down':
    case 'host-up':
      return { kind: args.kind, host, atMs: ctx.now + args.inMs };
  }
}

/**
 * A fault rule for a cloud: failed builds (rescheduled or not), slow steps, or a host
 * going down or coming back at a virtual time.
 *
 * @example
 * cloud.addFault(fc.sample(faultRule({ hosts: ['compute-1'], now: cloud.clock.now() }), 1)[0]!);
 */
export function faultRule(ctx: {
  readonly hosts: readonly string[];
  readonly now: number;
}): fc.Arbitrary<FaultRule> {
  return faultArgs().map((args) => buildFaultRule(args, ctx));
}
