import type { Quotas } from '../../../config.js';
import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route } from '../../context.js';
import { authorize } from '../../policy.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import {
  FILTERED_2_36,
  limitsByName,
  QUOTA_FIELDS,
  QUOTA_NAMES,
  type QuotaName,
} from '../catalog/quota-store.js';

const MAX_INT = 0x7fffffff;
const INJECTED: readonly QuotaName[] = [
  'injected_files',
  'injected_file_content_bytes',
  'injected_file_path_bytes',
];
const GROUPS: readonly QuotaName[] = ['server_groups', 'server_group_members'];

/** The resources a microversion shows: 2.50 drops nova-network's and adds server groups, 2.57 drops files. */
function shown(ctx: ApiContext): QuotaName[] {
  const v = ctx.version;
  return QUOTA_NAMES.filter((name) => {
    if (!v.atLeast('2.50')) return !GROUPS.includes(name);
    if (FILTERED_2_36.includes(name)) return false;
    return !(v.atLeast('2.57') && INJECTED.includes(name));
  });
}

/** The resources an update accepts (`update`, `update_v250`, `update_v257`). */
function accepted(ctx: ApiContext): QuotaName[] {
  const v = ctx.version;
  return QUOTA_NAMES.filter(
    (name) =>
      !(v.atLeast('2.50') && FILTERED_2_36.includes(name)) &&
      !(v.atLeast('2.57') && INJECTED.includes(name)),
  );
}

function updateSchema(names: readonly QuotaName[]): Schema {
  const value = {
    type: ['integer', 'string'],
    pattern: '^-?[0-9]+$',
    minimum: -1,
    maximum: MAX_INT,
  };
  return {
    type: 'object',
    properties: {
      quota_class_set: {
        type: 'object',
        properties: Object.fromEntries(names.map((name) => [name, value])),
        additionalProperties: false,
      },
    },
    required: ['quota_class_set'],
    additionalProperties: false,
  };
}

/**
 * A class's stored values. Nova keeps a class row for the nova-network resources too
 * (`fixed_ips`…, AbsoluteResource, default -1) and shows it back; nothing enforces them, so
 * they ride beside the `Quotas` fields under their Nova names.
 */
type ClassRow = Partial<Quotas> & Partial<Record<QuotaName, number>>;

/** `get_class_quotas`: the class's own values, else the `default` class's, else the config's. */
function classValues(ctx: ApiContext, name: string): Record<QuotaName, number> {
  const compute = ctx.cloud.compute;
  const row: ClassRow = { ...compute.classQuotas.get(name) };
  const values = limitsByName({ ...compute.defaultQuotas(), ...row });
  for (const resource of FILTERED_2_36) values[resource] = row[resource] ?? -1;
  return values;
}

function view(ctx: ApiContext, name: string, withId: boolean): HandlerResult {
  const values = classValues(ctx, name);
  const body: Record<string, unknown> = withId ? { id: name } : {};
  for (const resource of shown(ctx)) body[resource] = values[resource];
  return { status: 200, body: { quota_class_set: body } };
}

function show(ctx: ApiContext): HandlerResult {
  authorize(ctx, { rule: 'os_compute_api:os-quota-class-sets:show', default: 'admin' });
  return view(ctx, ctx.params.id!, true);
}

/** PUT: stores each value for the class; the answer has no `id`, as Nova's. */
function update(ctx: ApiContext): HandlerResult {
  validateBody(updateSchema(accepted(ctx)), ctx.body);
  authorize(ctx, { rule: 'os_compute_api:os-quota-class-sets:update', default: 'admin' });
  const name = ctx.params.id!;
  if (name.length > 255) {
    throw NovaError.badRequest(
      'Invalid input received: quota_class_name has a maximum length of 255.',
    );
  }
  const updates = (ctx.body as { quota_class_set: Record<string, number | string> })
    .quota_class_set;
  const stored: ClassRow = { ...ctx.cloud.compute.classQuotas.get(name) };
  for (const [resource, value] of Object.entries(updates)) {
    const field = QUOTA_FIELDS[resource as QuotaName];
    if (field) stored[field] = Number(value);
    else stored[resource as QuotaName] = Number(value);
  }
  ctx.cloud.compute.classQuotas.set(name, stored);
  return view(ctx, name, false);
}

export const quotaClassRoutes: readonly Route[] = [
  { method: 'GET', path: '/os-quota-class-sets/{id}', handler: show },
  { method: 'PUT', path: '/os-quota-class-sets/{id}', handler: update },
];
