/** The fault names Nova's WSGI layer puts around an error body, by HTTP code. */
const FAULT_NAMES: Readonly<Record<number, string>> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

export function faultNameFor(code: number): string {
  return FAULT_NAMES[code] ?? 'computeFault';
}

export interface NovaFaultBody {
  [faultName: string]: { code: number; message: string };
}

/**
 * The one error type of nova-sim: an HTTP code and a message worded as Nova words it.
 * Anything else thrown from the simulator is a bug.
 *
 * @example
 * throw NovaError.conflict(`Cannot 'pause' instance ${id} while it is in vm_state stopped`);
 */
export class NovaError extends Error {
  override readonly name = 'NovaError';
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }

  get faultName(): string {
    return faultNameFor(this.code);
  }

  toJSON(): NovaFaultBody {
    return { [this.faultName]: { code: this.code, message: this.message } };
  }

  static badRequest(message: string): NovaError {
    return new NovaError(400, message);
  }
  static forbidden(message: string): NovaError {
    return new NovaError(403, message);
  }
  static notFound(message: string): NovaError {
    return new NovaError(404, message);
  }
  static conflict(message: string): NovaError {
    return new NovaError(409, message);
  }
  static overLimit(message: string): NovaError {
    return new NovaError(413, message);
  }
  static notImplemented(message: string): NovaError {
    return new NovaError(501, message);
  }
}

/** True for a NovaError from any copy of this module (checks `name`, not the prototype). */
export function isNovaError(value: unknown): value is NovaError {
  return (
    value instanceof NovaError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'NovaError' &&
      typeof (value as { code?: unknown }).code === 'number')
  );
}
