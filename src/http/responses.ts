import type { HttpResponse } from './types.js';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

export function titleOf(code: number): string {
  return TITLES[code] ?? 'Error';
}

/** Keystone's message for any failed authentication (it never says which part was wrong). */
export const AUTH_REQUIRED = 'The request you have made requires authentication.';

export function json(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): HttpResponse {
  return { status, body, headers };
}

/**
 * Keystone's error body, which keystonemiddleware also sends in front of Nova, Glance and
 * Neutron: `{ error: { code, title, message } }`.
 */
export function keystoneError(
  code: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): HttpResponse {
  return json(code, { error: { code, title: titleOf(code), message } }, headers);
}

/** keystonemiddleware's 401, with the `WWW-Authenticate` header that points at Keystone. */
export function unauthorized(identityUrl: string, message = AUTH_REQUIRED): HttpResponse {
  return keystoneError(401, message, { 'www-authenticate': `Keystone uri="${identityUrl}"` });
}

/** webob's JSON error body, as Glance sends it: `{ code: '404 Not Found', title, message }`. */
export function glanceError(code: number, message: string): HttpResponse {
  const title = titleOf(code);
  return json(code, { code: `${code} ${title}`, title, message });
}

/** Neutron's fault body: `{ NeutronError: { type, message, detail } }`. */
export function neutronError(code: number, type: string, message: string): HttpResponse {
  return json(code, { NeutronError: { type, message, detail: '' } });
}

/** Nova's JSON fault body, for errors the HTTP layer raises before the API sees a request. */
export function novaFault(code: number, faultName: string, message: string): HttpResponse {
  return json(code, { [faultName]: { code, message } });
}

/** ISO 8601 in UTC with seconds, as Glance and Neutron print times: `2026-01-01T00:00:00Z`. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Keystone's timestamps: microseconds, `2026-01-01T00:00:00.000000Z`. */
export function isoMicros(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000Z`;
}

/** The query string as a map of every value of each name. */
export function queryValues(search: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(search)) {
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  }
  return values;
}
