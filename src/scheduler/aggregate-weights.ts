import { aggregateValues } from './aggregate-filters.js';
import { minOfValues, pythonFloat } from './python-numbers.js';
import type { PreparedRequest } from './request.js';
import { aggregatesOf, type SelectionContext } from './selection-context.js';
import type { SelectionEnv } from './weigher.js';

/**
 * Per-aggregate weight multipliers (`nova.scheduler.utils.get_weight_multiplier`):
 * a host in aggregates whose metadata sets a weigher's option (`ram_weight_multiplier`
 * …) weighs with the smallest of those values; a value Python's float() refuses
 * leaves the config's multiplier.
 */

/** Does some aggregate set the multiplier of a weigher that weighs? */
export function hasAggregateMultipliers(request: PreparedRequest, env: SelectionEnv): boolean {
  if (request.aggregatesOf === null || request.aggregateKeys.size === 0) return false;
  return env.allWeighing.some((w) => request.aggregateKeys.has(w.def.option));
}

/** Sets the context up to weigh with per-host multipliers, when aggregates set any. */
export function applyAggregateMultipliers(ctx: SelectionContext, env: SelectionEnv): void {
  if (!hasAggregateMultipliers(ctx.request, env)) return;
  ctx.weighing = env.allWeighing;
  ctx.hostMultiplier = (w, host) => {
    const values = aggregateValues(aggregatesOf(ctx, host), w.def.option);
    if (values.size === 0) return w.multiplier;
    // The option's value before BuildFailureWeigher's negation, as Nova reads it.
    const configured = w.def.negated ? -w.multiplier : w.multiplier;
    const value = minOfValues(values, configured, pythonFloat);
    return w.def.negated ? -value : value;
  };
}
