import type { ApiContext } from '../../context.js';

// Nova's proxies call Neutron and Cinder with the caller's token, as python-neutronclient
// and python-cinderclient do: here, the services' own request entry, in process, so the
// answers (and refusals) are the services' own.

type Json = Record<string, unknown>;

/** A neighbour's answer: its status and its JSON body. */
export interface Reply {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON from the neighbour, read freely
  readonly body: any;
  readonly headers: Readonly<Record<string, string>>;
}

/** What python-neutronclient's exception carries: the status, Neutron's type and message. */
export interface NeutronFailure {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

/**
 * Calls Neutron v2.0 as the caller (`path` after `/v2.0`).
 *
 * @example
 * neutron(ctx, 'GET', `/security-groups/${id}`).body.security_group;
 */
export function neutron(ctx: ApiContext, method: string, path: string, body?: Json): Reply {
  const res = ctx.cloud.network.handle({
    service: 'network',
    method,
    path: `/v2.0${path}`,
    auth: ctx.auth,
    ...(body === undefined ? {} : { body }),
  });
  return { status: res.status, body: res.body, headers: res.headers };
}

/** Neutron's error of a failed reply, as neutronclient reads it. */
export function neutronFailure(reply: Reply): NeutronFailure {
  const error = (reply.body?.NeutronError ?? {}) as Json;
  return {
    status: reply.status,
    type: String(error.type ?? ''),
    message: String(error.message ?? ''),
  };
}

/**
 * Calls Cinder v3 as the caller (`path` after `/v3/{project}`), at Cinder's base version,
 * as Nova's cinderclient does.
 *
 * @example
 * cinder(ctx, 'GET', `/volumes/${id}`).body.volume;
 */
export function cinder(ctx: ApiContext, method: string, path: string, body?: Json): Reply {
  const res = ctx.cloud.volume.handle({
    service: 'volume',
    method,
    path: `/v3/${ctx.auth.projectId}${path}`,
    auth: ctx.auth,
    ...(body === undefined ? {} : { body }),
  });
  return { status: res.status, body: res.body, headers: res.headers };
}

/** Cinder's fault message (`{"itemNotFound": {"message": ...}}`). */
export function cinderMessage(reply: Reply): string {
  const fault = Object.values((reply.body ?? {}) as Json)[0] as Json | undefined;
  return String(fault?.message ?? '');
}

/** `str(exc)` of python-cinderclient's exception: `msg (HTTP code) (Request-ID: req-…)`. */
export function cinderPrinted(reply: Reply): string {
  const id = reply.headers['x-openstack-request-id'];
  return `${cinderMessage(reply)} (HTTP ${reply.status})${id ? ` (Request-ID: ${id})` : ''}`;
}
