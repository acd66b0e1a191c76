import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { authorize } from '../../policy.js';
import { type Schema, validateBody } from '../../validation/validate.js';

/** Event names per microversion (`schemas/server_external_events.py`). */
const NAMES: readonly [string, string][] = [
  ['2.1', 'network-changed'],
  ['2.1', 'network-vif-plugged'],
  ['2.1', 'network-vif-unplugged'],
  ['2.1', 'network-vif-deleted'],
  ['2.51', 'volume-extended'],
  ['2.76', 'power-update'],
  ['2.82', 'accelerator-request-bound'],
  ['2.93', 'volume-reimaged'],
];
const TAG_REQUIRED = new Set(['volume-extended', 'power-update', 'accelerator-request-bound']);

function schemaFor(ctx: ApiContext): Schema {
  const names = NAMES.filter(([since]) => ctx.version.atLeast(since)).map(([, name]) => name);
  return {
    type: 'object',
    properties: {
      events: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            name: { type: 'string', enum: names },
            server_uuid: { type: 'string', format: 'uuid' },
            status: { type: 'string', enum: ['failed', 'completed', 'in-progress'] },
            tag: { type: 'string', maxLength: 255 },
          },
          required: ['name', 'server_uuid'],
          additionalProperties: false,
        },
      },
    },
    required: ['events'],
    additionalProperties: false,
  };
}

type ClientEvent = { name: string; server_uuid: string; status?: string; tag?: string };

/**
 * POST /os-server-external-events (service or admin): each event gets a code: 404 for an
 * unknown server, 400 for a missing required tag, 422 for a server without a host, else
 * 200 and `completed`. Any failure makes the whole answer 207.
 */
function create(ctx: ApiContext): HandlerResult {
  validateBody(schemaFor(ctx), ctx.body);
  authorize(ctx, {
    rule: 'os_compute_api:os-server-external-events:create',
    default: 'service-or-admin',
  });
  let status = 200;
  const events = (ctx.body as { events: ClientEvent[] }).events.map((event) => {
    const out: Record<string, unknown> = { ...event };
    const server = ctx.cloud.compute.get(event.server_uuid);
    const fail = (code: number) => {
      out.status = 'failed';
      out.code = code;
      status = 207;
      return out;
    };
    if (!server || server.deleted) return fail(404);
    if (TAG_REQUIRED.has(event.name) && event.tag === undefined) return fail(400);
    if (server.host === null) return fail(422);
    out.status = 'completed';
    out.code = 200;
    return out;
  });
  return { status, body: { events } };
}

export const externalEventRoutes: readonly Route[] = [
  { method: 'POST', path: '/os-server-external-events', handler: create },
];
