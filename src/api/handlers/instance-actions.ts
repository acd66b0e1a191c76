import type { InstanceAction, Server } from '../../compute/server.js';
import { NovaError } from '../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../context.js';
import { permitted } from '../policy.js';
import type { PolicyRule } from '../policy-rules.js';
import { hostId, usageTime } from '../views/server.js';
import { limitAndMarker } from './catalog/query-params.js';
import { collectionLinks } from './catalog/view-helpers.js';
import { findServer } from './server-lookup.js';

/** Deleted servers' actions are visible from 2.21. */
function server(ctx: ApiContext, policy: PolicyRule): Server {
  return findServer(ctx, ctx.params.server_id!, {
    deleted: ctx.version.atLeast('2.21'),
    policy,
  });
}

function actionView(
  ctx: ApiContext,
  instance: Server,
  action: InstanceAction,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    action: action.action,
    instance_uuid: instance.id,
    message: action.message,
    project_id: action.projectId,
    request_id: action.requestId,
    start_time: usageTime(action.startTime),
    user_id: action.userId,
  };
  if (ctx.version.atLeast('2.58')) view.updated_at = usageTime(action.updatedAt);
  return view;
}

function list(ctx: ApiContext): HandlerResult {
  const instance = server(ctx, 'os_compute_api:os-instance-actions:list');
  let actions = [...instance.actions].reverse();
  const since = ctx.query.get('changes-since');
  if (since !== undefined && ctx.version.atLeast('2.58')) {
    const t = Date.parse(
      since.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(since) ? since : `${since}Z`,
    );
    if (Number.isNaN(t))
      throw NovaError.badRequest(
        `Invalid input for query parameters changes-since. Value: ${since}.`,
      );
    actions = actions.filter((action) => action.updatedAt >= t);
  }
  if (!ctx.version.atLeast('2.58')) {
    return {
      status: 200,
      body: { instanceActions: actions.map((action) => actionView(ctx, instance, action)) },
    };
  }
  // 2.58 pages by limit (capped at max_limit) and marker, with a `next` link on a full page.
  const { limit, marker } = limitAndMarker(ctx);
  if (marker !== undefined) {
    const at = actions.findIndex((action) => action.requestId === marker);
    if (at < 0) throw NovaError.badRequest(`Marker ${marker} could not be found.`);
    actions = actions.slice(at + 1);
  }
  actions = actions.slice(0, limit);
  const body: Record<string, unknown> = {
    instanceActions: actions.map((action) => actionView(ctx, instance, action)),
  };
  const links = collectionLinks(
    ctx,
    `servers/${ctx.params.server_id!}/os-instance-actions`,
    actions.length,
    actions.at(-1)?.requestId,
  );
  if (links.length > 0) body.links = links;
  return { status: 200, body };
}

function show(ctx: ApiContext): HandlerResult {
  const instance = server(ctx, 'os_compute_api:os-instance-actions:show');
  const requestId = ctx.params.request_id!;
  const action = instance.actions.find((candidate) => candidate.requestId === requestId);
  if (!action) throw NovaError.notFound(`Action ${requestId} not found`);
  const view = actionView(ctx, instance, action);
  // Events need the `events` rule before 2.51; tracebacks and hosts always do.
  const allEvents = permitted(ctx, 'os_compute_api:os-instance-actions:events');
  const details = permitted(ctx, 'os_compute_api:os-instance-actions:events:details');
  if (allEvents || ctx.version.atLeast('2.51')) {
    // Newest first, as Nova's action_events_get orders them (created_at, then id, descending).
    view.events = action.events.toReversed().map((event) => {
      const out: Record<string, unknown> = {
        event: event.event,
        start_time: usageTime(event.startTime),
        finish_time: event.finishTime === null ? null : usageTime(event.finishTime),
        result: event.result,
      };
      if (allEvents) out.traceback = event.traceback ?? null;
      if (ctx.version.atLeast('2.62')) {
        if (allEvents) out.host = event.host ?? '';
        out.hostId = event.host ? hostId(instance.projectId, event.host) : '';
      }
      if (ctx.version.atLeast('2.84') && details) out.details = event.details ?? null;
      return out;
    });
  }
  return { status: 200, body: { instanceAction: view } };
}

export const instanceActionRoutes: readonly Route[] = [
  { method: 'GET', path: '/servers/{server_id}/os-instance-actions', handler: list },
  { method: 'GET', path: '/servers/{server_id}/os-instance-actions/{request_id}', handler: show },
];
