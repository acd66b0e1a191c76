import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { requireAdmin } from '../../policy.js';
import { BOOLEAN, FQDN } from '../../validation/schemas/parameter-types.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { checkQuery, isUuidLike, MULTI_STRING, parseInteger, truthy } from './query-params.js';
import { deleteControllerService, type ServiceRecord, serviceRecords } from './service-records.js';
import { perfectTime } from './view-helpers.js';

const REASON = { type: 'string', minLength: 1, maxLength: 255 };

/** `schemas/services.py` service_update (2.1) and service_update_v211. */
function legacySchema(withForcedDown: boolean): Schema {
  return {
    type: 'object',
    properties: {
      host: FQDN,
      binary: { type: 'string', minLength: 1, maxLength: 255 },
      disabled_reason: REASON,
      ...(withForcedDown ? { forced_down: BOOLEAN } : {}),
    },
    required: ['host', 'binary'],
    additionalProperties: false,
  };
}
const UPDATE = legacySchema(false);
const UPDATE_V211 = legacySchema(true);
const UPDATE_V253: Schema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['enabled', 'disabled'] },
    disabled_reason: REASON,
    forced_down: BOOLEAN,
  },
  additionalProperties: false,
};

/** `_get_service_detail`: uuid ids from 2.53, forced_down from 2.11. */
function serviceView(ctx: ApiContext, s: ServiceRecord): Record<string, unknown> {
  return {
    id: ctx.version.atLeast('2.53') ? s.uuid : s.id,
    binary: s.binary,
    host: s.host,
    zone: s.zone,
    status: s.disabled ? 'disabled' : 'enabled',
    state: s.up ? 'up' : 'down',
    updated_at: perfectTime(s.updatedAt),
    disabled_reason: s.disabledReason,
    ...(ctx.version.atLeast('2.11') ? { forced_down: s.forcedDown } : {}),
  };
}

function listServices(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, { host: MULTI_STRING, binary: MULTI_STRING }, ctx.version.atLeast('2.75'));
  requireAdmin(ctx, 'os_compute_api:os-services:list');
  const host = ctx.query.get('host');
  const binary = ctx.query.get('binary');
  const services = serviceRecords(ctx.cloud).filter(
    (s) => (!host || s.host === host) && (!binary || s.binary === binary),
  );
  return { status: 200, body: { services: services.map((s) => serviceView(ctx, s)) } };
}

/** `_update`: only nova-compute services can change, and only on a known host. */
function computeHost(ctx: ApiContext, host: string, binary: string): string {
  if (binary !== 'nova-compute') {
    throw NovaError.badRequest(
      `Updating a ${binary} service is not supported. Only nova-compute services can be updated.`,
    );
  }
  if (!ctx.cloud.scheduler.getHost(host))
    throw NovaError.notFound(`Host '${host}' is not mapped to any cell`);
  return host;
}

/** PUT /os-services/{enable|disable|disable-log-reason|force-down} before 2.53. */
function legacyUpdate(ctx: ApiContext): HandlerResult {
  validateBody(ctx.version.atLeast('2.11') ? UPDATE_V211 : UPDATE, ctx.body);
  requireAdmin(ctx, 'os_compute_api:os-services:update');
  const body = ctx.body as {
    host: string;
    binary: string;
    disabled_reason?: string;
    forced_down?: unknown;
  };
  const { host, binary } = body;
  const hosts = ctx.cloud.hosts;
  switch (ctx.params.action) {
    case 'enable':
      hosts.enable(computeHost(ctx, host, binary));
      return { status: 200, body: { service: { host, binary, status: 'enabled' } } };
    case 'disable':
      hosts.disable(computeHost(ctx, host, binary));
      return { status: 200, body: { service: { host, binary, status: 'disabled' } } };
    case 'disable-log-reason': {
      const reason = body.disabled_reason;
      if (reason === undefined) throw NovaError.badRequest('Missing disabled reason field');
      hosts.disable(computeHost(ctx, host, binary), reason);
      return {
        status: 200,
        body: { service: { host, binary, status: 'disabled', disabled_reason: reason } },
      };
    }
    case 'force-down':
      if (ctx.version.atLeast('2.11')) {
        if (body.forced_down === undefined) throw NovaError.badRequest('Missing forced_down field');
        const forced = truthy(body.forced_down);
        hosts.forceDown(computeHost(ctx, host, binary), forced);
        return { status: 200, body: { service: { host, binary, forced_down: forced } } };
      }
      break;
  }
  throw NovaError.notFound('Unknown action');
}

function findService(ctx: ApiContext, id: string): ServiceRecord | undefined {
  const byUuid = ctx.version.atLeast('2.53');
  return serviceRecords(ctx.cloud).find((s) =>
    byUuid ? s.uuid === id.toLowerCase() : String(s.id) === id,
  );
}

/** PUT /os-services/{service_id} (2.53): status, disabled_reason and forced_down by uuid. */
function update(ctx: ApiContext): HandlerResult {
  validateBody(UPDATE_V253, ctx.body);
  const id = ctx.params.service_id!;
  if (!isUuidLike(id)) throw NovaError.badRequest(`Invalid uuid ${id}`);
  requireAdmin(ctx, 'os_compute_api:os-services:update');
  const service = findService(ctx, id);
  if (!service) throw NovaError.notFound(`Service ${id} could not be found.`);
  if (service.binary !== 'nova-compute') {
    throw NovaError.badRequest(
      `Updating a ${service.binary} service is not supported. Only nova-compute services can be updated.`,
    );
  }
  const body = ctx.body as { status?: string; disabled_reason?: string; forced_down?: unknown };
  if (body.status === 'enabled' && body.disabled_reason) {
    throw NovaError.badRequest("Specifying 'disabled_reason' with status 'enabled' is invalid.");
  }
  if (body.status === undefined && body.forced_down === undefined) {
    throw NovaError.badRequest(
      "No updates were requested. Fields 'status' or 'forced_down' should be specified.",
    );
  }
  const hosts = ctx.cloud.hosts;
  if (body.status === 'enabled') hosts.enable(service.host);
  else if (body.status === 'disabled') hosts.disable(service.host, body.disabled_reason);
  if (body.forced_down !== undefined) hosts.forceDown(service.host, truthy(body.forced_down));
  const updated = findService(ctx, id)!;
  return { status: 200, body: { service: serviceView(ctx, updated) } };
}

/**
 * DELETE /os-services/{id}: a nova-compute service goes with its host, refused while it
 * hosts servers or migrations; 204.
 */
function deleteService(ctx: ApiContext): HandlerResult {
  requireAdmin(ctx, 'os_compute_api:os-services:delete');
  const id = ctx.params.service_id!;
  if (ctx.version.atLeast('2.53')) {
    if (!isUuidLike(id)) throw NovaError.badRequest(`Invalid uuid ${id}`);
  } else if (parseInteger(id) === undefined) {
    throw NovaError.badRequest('Invalid input received: id must be an integer');
  }
  const service = findService(ctx, id.trim());
  if (!service) throw NovaError.notFound(`Service ${id} not found.`);
  if (service.binary !== 'nova-compute') {
    deleteControllerService(ctx.cloud, service.binary);
    return { status: 204 };
  }
  const servers = [...ctx.cloud.compute.servers.values()].filter((s) => !s.deleted);
  if (servers.some((s) => s.host === service.host)) {
    throw NovaError.conflict(
      'Unable to delete compute service that is hosting instances. Migrate or delete the instances first.',
    );
  }
  if (
    servers.some(
      (s) =>
        s.migration &&
        (s.migration.sourceHost === service.host || s.migration.destHost === service.host),
    )
  ) {
    throw NovaError.conflict(
      'Unable to delete compute service that has in-progress migrations. Complete the migrations or delete the instances first.',
    );
  }
  ctx.cloud.hosts.remove(service.host);
  // Nova takes a deleted compute service's host out of its aggregates.
  for (const aggregate of ctx.cloud.catalog.aggregates.ofHost(service.host)) {
    aggregate.hosts.splice(aggregate.hosts.indexOf(service.host), 1);
  }
  return { status: 204 };
}

export const serviceRoutes: readonly Route[] = [
  { method: 'GET', path: '/os-services', handler: listServices },
  { method: 'PUT', path: '/os-services/{action}', handler: legacyUpdate, maxVersion: '2.52' },
  { method: 'PUT', path: '/os-services/{service_id}', handler: update, minVersion: '2.53' },
  { method: 'DELETE', path: '/os-services/{service_id}', handler: deleteService },
];
