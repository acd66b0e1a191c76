/**
 * A Python exception a host filter raises in Nova master (JsonFilter on a malformed
 * `query`, ImagePropertiesFilter reading `hw_maxphysaddr_bits` from a `cpu_info` string).
 * Nova's scheduler does not catch it: `select_destinations` fails, and the conductor
 * records the exception as the server's fault. `compute_utils.exception_to_dict` cannot
 * format a non-Nova exception, so the fault message is the class name as the conductor
 * sees it after oslo.messaging: a builtin (`KeyError`, `TypeError`, `AttributeError`) keeps
 * its name; any other module's (`json.decoder.JSONDecodeError`) arrives as `RemoteError`.
 */
export class FilterCrash extends Error {
  override readonly name = 'FilterCrash';
  /** The exception class name the conductor's fault records. */
  readonly pythonClass: string;

  constructor(pythonClass: string, detail: string) {
    super(`${pythonClass}: ${detail}`);
    this.pythonClass = pythonClass;
  }
}

/** Is `value` a {@link FilterCrash} (also across realms, by name)? */
export function isFilterCrash(value: unknown): value is FilterCrash {
  return (
    value instanceof FilterCrash || (value as { name?: unknown } | null)?.name === 'FilterCrash'
  );
}
