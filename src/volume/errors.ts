import { isNovaError } from '../errors/nova-error.js';

/** Cinder's fault names by HTTP code (cinder/api/openstack/wsgi.py `Fault._fault_names`). */
const FAULT_NAMES: Readonly<Record<number, string>> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

/**
 * A Cinder API error: the code and the message as Cinder words it; rendered as
 * `{ <faultName>: { code, message } }` (413s also carry `retryAfter`).
 *
 * @example
 * throw CinderError.notFound(`Volume ${id} could not be found.`);
 */
export class CinderError extends Error {
  override readonly name = 'CinderError';
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }

  get faultName(): string {
    return FAULT_NAMES[this.code] ?? 'computeFault';
  }

  toJSON(): Record<string, { code: number; message: string; retryAfter?: string }> {
    const inner = { code: this.code, message: this.message };
    return { [this.faultName]: this.code === 413 ? { ...inner, retryAfter: '0' } : inner };
  }

  static badRequest(message: string): CinderError {
    return new CinderError(400, message);
  }
  static forbidden(message: string): CinderError {
    return new CinderError(403, message);
  }
  static notFound(message: string): CinderError {
    return new CinderError(404, message);
  }
  static conflict(message: string): CinderError {
    return new CinderError(409, message);
  }
}

/** Also true across realms and module copies. */
export function isCinderError(value: unknown): value is CinderError {
  return value instanceof CinderError || (value as Error | null)?.name === 'CinderError';
}

/** Cinder's `InvalidVolume` (400). */
export function invalidVolume(reason: string): CinderError {
  return CinderError.badRequest(`Invalid volume: ${reason}`);
}

/** Cinder's `InvalidInput` (400). */
export function invalidInput(reason: string): CinderError {
  return CinderError.badRequest(`Invalid input received: ${reason}`);
}

/** Cinder's `InvalidSnapshot` (400). */
export function invalidSnapshot(reason: string): CinderError {
  return CinderError.badRequest(`Invalid snapshot: ${reason}`);
}

/** Cinder's `PolicyNotAuthorized` (403). */
export function policyNotAuthorized(action: string): CinderError {
  return CinderError.forbidden(`Policy doesn't allow ${action} to be performed.`);
}

/**
 * A quota error as Cinder's FaultWrapper renders it: the exception's class name, then its
 * message (`VolumeLimitExceeded: Maximum number of volumes allowed (10) exceeded ...`).
 */
export function quotaError(exception: string, message: string): CinderError {
  return new CinderError(413, `${exception}: ${message}`);
}

export const volumeNotFound = (id: string) =>
  CinderError.notFound(`Volume ${id} could not be found.`);
export const snapshotNotFound = (id: string) =>
  CinderError.notFound(`Snapshot ${id} could not be found.`);
export const attachmentNotFound = (id: string) =>
  CinderError.notFound(`Volume attachment could not be found with filter: attachment_id = ${id}.`);

/**
 * Any error as Cinder's body; request validation reuses Nova's jsonschema wording, which
 * Cinder's validator shares, so a NovaError from it carries over unchanged.
 */
export function toCinderError(error: unknown): CinderError | undefined {
  if (isCinderError(error)) return error;
  if (isNovaError(error)) return new CinderError(error.code, error.message);
  return undefined;
}
