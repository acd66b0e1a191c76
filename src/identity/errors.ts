import type { ServiceResponse } from '../service/contract.js';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
};

/** A Keystone error on its way out: thrown by handlers, rendered by the service. */
export class KeystoneError extends Error {
  override readonly name = 'KeystoneError';
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }

  /** Keystone's body: `{ error: { code, title, message } }`. */
  toResponse(): ServiceResponse {
    const { code, message } = this;
    return {
      status: code,
      headers: {},
      body: { error: { code, title: TITLES[code] ?? 'Error', message } },
    };
  }
}

/** Checks the name as well, so it works across module copies. */
export function isKeystoneError(value: unknown): value is KeystoneError {
  return value instanceof KeystoneError || (value as Error | null)?.name === 'KeystoneError';
}

const CLIENT_ERROR =
  'The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.';

/** keystone.exception's messages, as factories. */
export const errors = {
  /** SchemaValidationError and ValidationError(message=...): the detail alone. */
  badRequest: (message: string) => new KeystoneError(400, message),
  /** ValidationError: `Expecting to find X in Y. …`. */
  expecting: (attribute: string, target: string) =>
    new KeystoneError(400, `Expecting to find ${attribute} in ${target}. ${CLIENT_ERROR}`),
  unauthorized: (message = 'The request you have made requires authentication.') =>
    new KeystoneError(401, message),
  /** ForbiddenAction, named by its policy rule. */
  forbidden: (action: string) =>
    new KeystoneError(
      403,
      `You are not authorized to perform the requested action: identity:${action}.`,
    ),
  /** ForbiddenNotSecurity: the message as given. */
  forbiddenNotSecurity: (message: string) => new KeystoneError(403, message),
  notFound: (kind: 'project' | 'user' | 'role' | 'domain', id: string) =>
    new KeystoneError(404, `Could not find ${kind}: ${id}.`),
  assignmentNotFound: (roleId: string, actorId: string, targetId: string) =>
    new KeystoneError(
      404,
      `Could not find role assignment with role: ${roleId}, user or group: ${actorId}, project, domain, or system: ${targetId}.`,
    ),
  resourceNotFound: () => new KeystoneError(404, 'The resource could not be found.'),
  methodNotAllowed: () =>
    new KeystoneError(405, 'The method specified is not allowed for this resource.'),
  /** Conflict: `Conflict occurred attempting to store <type> - <details>.` */
  conflict: (type: string, details: string) =>
    new KeystoneError(409, `Conflict occurred attempting to store ${type} - ${details}.`),
};
