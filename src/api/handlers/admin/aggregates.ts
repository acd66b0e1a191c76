import type { Aggregate } from '../../../catalog/aggregates.js';
import { NovaError } from '../../../errors/nova-error.js';
import { uuid4 } from '../../../random/ids.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { authorize } from '../../policy.js';
import { FQDN, METADATA_KEY_PATTERN, NAME } from '../../validation/schemas/parameter-types.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { perfectTime } from '../catalog/view-helpers.js';
import { actionOf } from './action-body.js';
import { checkHostMove, checkZoneChange, syncHostZones } from './aggregate-rules.js';
import { integerId } from './ids.js';

/** `parameter_types.az_name`: printable, no ':', no surrounding whitespace. */
const AZ_NAME: Schema = { type: 'string', format: 'az_name', minLength: 1, maxLength: 255 };
const AZ_OR_NULL: Schema = { oneOf: [AZ_NAME, { type: 'null' }] };

const CREATE: Schema = {
  type: 'object',
  properties: {
    aggregate: {
      type: 'object',
      properties: { name: NAME, availability_zone: AZ_OR_NULL },
      required: ['name'],
      additionalProperties: false,
    },
  },
  required: ['aggregate'],
  additionalProperties: false,
};

const UPDATE: Schema = {
  type: 'object',
  properties: {
    aggregate: {
      type: 'object',
      properties: {
        name: {
          type: 'string',
          format: 'name_with_leading_trailing_spaces',
          minLength: 1,
          maxLength: 255,
        },
        availability_zone: AZ_OR_NULL,
      },
      additionalProperties: false,
      anyOf: [{ required: ['name'] }, { required: ['availability_zone'] }],
    },
  },
  required: ['aggregate'],
  additionalProperties: false,
};

function hostAction(key: string): Schema {
  return {
    type: 'object',
    properties: {
      [key]: {
        type: 'object',
        properties: { host: FQDN },
        required: ['host'],
        additionalProperties: false,
      },
    },
    required: [key],
    additionalProperties: false,
  };
}

const SET_METADATA: Schema = {
  type: 'object',
  properties: {
    set_metadata: {
      type: 'object',
      properties: {
        metadata: {
          type: 'object',
          patternProperties: {
            [METADATA_KEY_PATTERN]: { type: ['string', 'null'], maxLength: 255 },
          },
          additionalProperties: false,
        },
      },
      required: ['metadata'],
      additionalProperties: false,
    },
  },
  required: ['set_metadata'],
  additionalProperties: false,
};

const IMAGES: Schema = {
  type: 'object',
  properties: {
    cache: {
      type: ['array'],
      minItems: 1,
      items: {
        type: 'object',
        properties: { id: { type: 'string', format: 'uuid' } },
        additionalProperties: false,
        required: ['id'],
      },
    },
  },
  required: ['cache'],
  additionalProperties: false,
};

const can = (ctx: ApiContext, action: string) =>
  authorize(ctx, { rule: `os_compute_api:os-aggregates:${action}`, default: 'admin' });

/** `_marshall_aggregate`: every field, `uuid` from 2.41; timestamps without a zone. */
function view(ctx: ApiContext, a: Aggregate, withHosts = true): Record<string, unknown> {
  const body: Record<string, unknown> = {
    availability_zone: a.metadata.availability_zone ?? null,
    created_at: perfectTime(a.createdAt),
    deleted: false,
    deleted_at: null,
  };
  if (withHosts) body.hosts = [...a.hosts];
  body.id = a.id;
  if (withHosts) body.metadata = { ...a.metadata };
  body.name = a.name;
  body.updated_at = a.updatedAt === null ? null : perfectTime(a.updatedAt);
  if (ctx.version.atLeast('2.41')) body.uuid = a.uuid;
  return body;
}

function find(ctx: ApiContext, id: number): Aggregate {
  const aggregate = ctx.cloud.catalog.aggregates.byId.get(id);
  if (!aggregate) throw NovaError.notFound(`Aggregate ${id} could not be found.`);
  return aggregate;
}

const ok = (ctx: ApiContext, a: Aggregate): HandlerResult => ({
  status: 200,
  body: { aggregate: view(ctx, a) },
});

function index(ctx: ApiContext): HandlerResult {
  can(ctx, 'index');
  const aggregates = ctx.cloud.catalog.aggregates.list().map((a) => view(ctx, a));
  return { status: 200, body: { aggregates } };
}

/** POST /os-aggregates: 200 without hosts and metadata, as Nova answers. */
function create(ctx: ApiContext): HandlerResult {
  validateBody(CREATE, ctx.body);
  can(ctx, 'create');
  const input = (ctx.body as { aggregate: { name: string; availability_zone?: string | null } })
    .aggregate;
  const store = ctx.cloud.catalog.aggregates;
  if (store.byName(input.name)) {
    throw NovaError.conflict(`Aggregate ${input.name} already exists.`);
  }
  const aggregate = store.add(input.name, uuid4(ctx.cloud.random), ctx.cloud.clock.now());
  if (input.availability_zone) aggregate.metadata.availability_zone = input.availability_zone;
  return { status: 200, body: { aggregate: view(ctx, aggregate, false) } };
}

function show(ctx: ApiContext): HandlerResult {
  can(ctx, 'show');
  return ok(ctx, find(ctx, integerId(ctx.params.id!)));
}

/** PUT /os-aggregates/{id}: the name is saved before the zone is checked, as in Nova. */
function update(ctx: ApiContext): HandlerResult {
  validateBody(UPDATE, ctx.body);
  can(ctx, 'update');
  const id = integerId(ctx.params.id!);
  const values = { ...(ctx.body as { aggregate: Record<string, string | null> }).aggregate };
  const store = ctx.cloud.catalog.aggregates;
  const aggregate = find(ctx, id);
  const now = ctx.cloud.clock.now();
  if ('name' in values) {
    const name = String(values.name);
    const clash = store.byName(name);
    if (clash && clash.id !== id) throw NovaError.conflict(`Aggregate ${name} already exists.`);
    aggregate.name = name;
    aggregate.updatedAt = now;
    delete values.name;
  }
  checkZoneChange(ctx.cloud, store, values, aggregate, { action: 'update', checkServers: true });
  if (Object.keys(values).length > 0) {
    applyMetadata(aggregate, values);
    aggregate.updatedAt = now;
  }
  syncHostZones(ctx.cloud, aggregate.hosts);
  return ok(ctx, aggregate);
}

/** DELETE: 200 with no body; only an empty aggregate goes. */
function remove(ctx: ApiContext): HandlerResult {
  can(ctx, 'delete');
  const id = integerId(ctx.params.id!);
  const aggregate = find(ctx, id);
  if (aggregate.hosts.length > 0) {
    throw NovaError.badRequest(
      `Cannot remove host from aggregate ${id}. Reason: Host aggregate is not empty.`,
    );
  }
  ctx.cloud.catalog.aggregates.byId.delete(id);
  return { status: 200 };
}

function applyMetadata(aggregate: Aggregate, updates: Readonly<Record<string, string | null>>) {
  const metadata = { ...aggregate.metadata };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete metadata[key];
    else metadata[key] = value;
  }
  aggregate.metadata = metadata;
}

function addHost(ctx: ApiContext, host: string): HandlerResult {
  can(ctx, 'add_host');
  const id = integerId(ctx.params.id!);
  // The compute service is looked up before the aggregate.
  if (ctx.cloud.scheduler.getHost(host) === undefined) {
    throw NovaError.notFound(`Compute host ${host} could not be found.`);
  }
  const store = ctx.cloud.catalog.aggregates;
  const aggregate = find(ctx, id);
  checkZoneChange(
    ctx.cloud,
    store,
    aggregate.metadata,
    aggregate,
    { action: 'add', hosts: [host], checkServers: false },
    409,
  );
  checkHostMove(ctx.cloud, store, aggregate, host, 'added');
  if (aggregate.hosts.includes(host)) {
    throw NovaError.conflict(`Aggregate ${id} already has host ${host}.`);
  }
  aggregate.hosts.push(host);
  syncHostZones(ctx.cloud, [host]);
  return ok(ctx, aggregate);
}

function removeHost(ctx: ApiContext, host: string): HandlerResult {
  can(ctx, 'remove_host');
  const id = integerId(ctx.params.id!);
  const store = ctx.cloud.catalog.aggregates;
  const aggregate = store.byId.get(id);
  const missing = () =>
    NovaError.notFound(`Cannot remove host ${host} in aggregate ${ctx.params.id!}`);
  if (ctx.cloud.scheduler.getHost(host) === undefined || aggregate === undefined) throw missing();
  checkHostMove(ctx.cloud, store, aggregate, host, 'removed');
  if (!aggregate.hosts.includes(host)) throw missing();
  aggregate.hosts.splice(aggregate.hosts.indexOf(host), 1);
  syncHostZones(ctx.cloud, [host]);
  return ok(ctx, aggregate);
}

function setMetadata(ctx: ApiContext, metadata: Record<string, string | null>): HandlerResult {
  can(ctx, 'set_metadata');
  const id = integerId(ctx.params.id!);
  const store = ctx.cloud.catalog.aggregates;
  const aggregate = find(ctx, id);
  checkZoneChange(ctx.cloud, store, metadata, aggregate, {
    action: 'update-meta',
    checkServers: true,
  });
  applyMetadata(aggregate, metadata);
  aggregate.updatedAt = ctx.cloud.clock.now();
  syncHostZones(ctx.cloud, aggregate.hosts);
  return ok(ctx, aggregate);
}

/** POST /os-aggregates/{id}/action: add_host, remove_host, set_metadata. */
function action(ctx: ApiContext): HandlerResult {
  const [name] = actionOf(ctx, ['add_host', 'remove_host', 'set_metadata']);
  if (name === 'set_metadata') {
    validateBody(SET_METADATA, ctx.body);
    const body = ctx.body as { set_metadata: { metadata: Record<string, string | null> } };
    return setMetadata(ctx, body.set_metadata.metadata);
  }
  validateBody(hostAction(name), ctx.body);
  const host = (ctx.body as Record<string, { host: string }>)[name]!.host;
  return name === 'add_host' ? addHost(ctx, host) : removeHost(ctx, host);
}

/**
 * POST /os-aggregates/{id}/images (2.81): asks the aggregate's computes to cache images.
 * The simulated computes have nothing to cache: the request is checked and accepted.
 */
function cacheImages(ctx: ApiContext): HandlerResult {
  validateBody(IMAGES, ctx.body);
  authorize(ctx, { rule: 'compute:aggregates:images', default: 'admin' });
  const id = integerId(ctx.params.id!);
  const ids = (ctx.body as { cache: { id: string }[] }).cache.map((image) => image.id);
  if (new Set(ids).size !== ids.length) throw NovaError.badRequest('Duplicate images in request');
  find(ctx, id);
  for (const imageId of ids) {
    const image = ctx.cloud.image.findImage(imageId, ctx.auth);
    if (!image || image.status === 'deleted') {
      throw NovaError.badRequest(`Image ${imageId} could not be found.`);
    }
  }
  return { status: 202 };
}

export const aggregateRoutes: readonly Route[] = [
  { method: 'GET', path: '/os-aggregates', handler: index },
  { method: 'POST', path: '/os-aggregates', handler: create },
  { method: 'GET', path: '/os-aggregates/{id}', handler: show },
  { method: 'PUT', path: '/os-aggregates/{id}', handler: update },
  { method: 'DELETE', path: '/os-aggregates/{id}', handler: remove },
  { method: 'POST', path: '/os-aggregates/{id}/action', handler: action },
  { method: 'POST', path: '/os-aggregates/{id}/images', handler: cacheImages, minVersion: '2.81' },
];
