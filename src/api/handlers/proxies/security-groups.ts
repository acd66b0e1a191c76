import { NovaError } from '../../../errors/nova-error.js';
import type { ApiContext, HandlerResult, Route, RoutePolicy } from '../../context.js';
import { authorize } from '../../policy.js';
import { type Schema, validateBody } from '../../validation/validate.js';
import { checkQuery, isUuidLike, limitAndOffset, MULTI_INT } from '../catalog/query-params.js';
import { objectBody } from '../server-lookup.js';
import { LAST_PROXY_VERSION } from './gates.js';
import { neutron, neutronFailure } from './neighbours.js';
import {
  byTenantAndName,
  type GroupRef,
  groupView,
  type NovaGroup,
  novaGroup,
  novaRule,
  ruleView,
} from './security-group-format.js';
import {
  neutronRuleBody,
  newIngressRule,
  parseRuleCidr,
  ruleExists,
} from './security-group-rule-args.js';

// os-security-groups and os-security-group-rules (api/openstack/compute/security_groups.py),
// proxies to Neutron up to 2.35, with Nova's translation of Neutron's refusals.

const rule = (name: string, reader = false): RoutePolicy => ({
  rule: `os_compute_api:os-security-groups:${name}`,
  default: reader ? 'project-reader-or-admin' : 'project-member-or-admin',
});
const POLICY = {
  get: rule('get', true),
  show: rule('show', true),
  create: rule('create'),
  update: rule('update'),
  delete: rule('delete'),
  ruleCreate: rule('rule:create'),
  ruleDelete: rule('rule:delete'),
};

const TEXT_255: Schema = { type: 'string', minLength: 0, maxLength: 255 };
const GROUP_BODY: Schema = {
  type: 'object',
  properties: {
    security_group: {
      type: 'object',
      properties: { name: TEXT_255, description: TEXT_255 },
      required: ['name', 'description'],
      additionalProperties: true,
    },
  },
  required: ['security_group'],
  additionalProperties: true,
};
const RULE_BODY: Schema = {
  type: 'object',
  properties: {
    security_group_rule: {
      type: 'object',
      properties: {
        group_id: { type: ['string', 'null'], format: 'uuid' },
        parent_group_id: { type: 'string', format: 'uuid' },
      },
      required: ['parent_group_id'],
      additionalProperties: true,
    },
  },
  required: ['security_group_rule'],
  additionalProperties: true,
};

type Json = Record<string, unknown>;

/** `security_group_api.validate_id`. */
function validId(id: string): string {
  if (!isUuidLike(id)) throw NovaError.badRequest('Security group id should be uuid');
  return id;
}

/** `security_group_api.get`: Neutron's 404 becomes Nova's, with Neutron's words. */
function getGroup(ctx: ApiContext, id: string): NovaGroup {
  const reply = neutron(ctx, 'GET', `/security-groups/${encodeURIComponent(id)}`);
  if (reply.status === 200) return novaGroup(reply.body.security_group);
  const failure = neutronFailure(reply);
  if (failure.status === 404) throw NovaError.notFound(failure.message);
  throw NovaError.badRequest(failure.message);
}

/** Remote groups by id, looked up once each (as Nova does per rule, or from a prefill). */
function groupLookup(ctx: ApiContext, known: readonly NovaGroup[] = []) {
  const cache = new Map<string, GroupRef | undefined>(
    known.map((g) => [g.id, { name: g.name, tenant_id: g.projectId }]),
  );
  return (id: string): GroupRef | undefined => {
    if (!cache.has(id)) {
      const reply = neutron(ctx, 'GET', `/security-groups/${encodeURIComponent(id)}`);
      const group = reply.status === 200 ? novaGroup(reply.body.security_group) : undefined;
      cache.set(id, group ? { name: group.name, tenant_id: group.projectId } : undefined);
    }
    return cache.get(id);
  };
}

function show(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.show, { projectId: ctx.auth.projectId });
  const group = getGroup(ctx, validId(ctx.params.id!));
  return { status: 200, body: { security_group: groupView(group, groupLookup(ctx)) } };
}

function index(ctx: ApiContext): HandlerResult {
  checkQuery(ctx, { limit: MULTI_INT, offset: MULTI_INT }, false);
  authorize(ctx, POLICY.get, { projectId: ctx.auth.projectId });
  const allTenants = ctx.isAdmin && ctx.query.names().includes('all_tenants');
  const query = allTenants ? '' : `?tenant_id=${encodeURIComponent(ctx.auth.projectId)}`;
  const reply = neutron(ctx, 'GET', `/security-groups${query}`);
  const groups = ((reply.body?.security_groups ?? []) as Json[]).map(novaGroup);
  const { limit, offset } = limitAndOffset(ctx);
  const lookup = groupLookup(ctx);
  const views = groups.slice(offset, offset + limit).map((g) => groupView(g, lookup));
  return { status: 200, body: { security_groups: views.sort(byTenantAndName) } };
}

function groupFields(ctx: ApiContext): { name: string; description: string } {
  validateBody(GROUP_BODY, objectBody(ctx));
  const group = (ctx.body as { security_group: { name: string; description: string } })
    .security_group;
  return { name: group.name, description: group.description };
}

function create(ctx: ApiContext): HandlerResult {
  const fields = groupFields(ctx);
  authorize(ctx, POLICY.create, { projectId: ctx.auth.projectId });
  const reply = neutron(ctx, 'POST', '/security-groups', { security_group: fields });
  if (reply.status >= 400) {
    const failure = neutronFailure(reply);
    // Neutron's 409 (over quota, or a second `default`) is Nova's SecurityGroupLimitExceeded.
    if (failure.status === 409) throw NovaError.forbidden(failure.message);
    throw NovaError.badRequest(failure.message);
  }
  const group = novaGroup(reply.body.security_group);
  return { status: 200, body: { security_group: groupView(group, groupLookup(ctx, [group])) } };
}

function update(ctx: ApiContext): HandlerResult {
  const fields = groupFields(ctx);
  authorize(ctx, POLICY.update, { projectId: ctx.auth.projectId });
  const current = getGroup(ctx, validId(ctx.params.id!));
  const reply = neutron(ctx, 'PUT', `/security-groups/${current.id}`, { security_group: fields });
  if (reply.status >= 400) {
    const failure = neutronFailure(reply);
    if (failure.status === 404) throw NovaError.notFound(failure.message);
    throw NovaError.badRequest(failure.message);
  }
  const group = novaGroup(reply.body.security_group);
  return { status: 200, body: { security_group: groupView(group, groupLookup(ctx, [group])) } };
}

function remove(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.delete, { projectId: ctx.auth.projectId });
  const group = getGroup(ctx, validId(ctx.params.id!));
  const reply = neutron(ctx, 'DELETE', `/security-groups/${group.id}`);
  if (reply.status >= 400) {
    const failure = neutronFailure(reply);
    if (failure.status === 404) throw NovaError.notFound(failure.message);
    // In use, or the default group: Neutron's 409 is Nova's Invalid, a 400.
    throw NovaError.badRequest(failure.message);
  }
  return { status: 202 };
}

function createRule(ctx: ApiContext): HandlerResult {
  validateBody(RULE_BODY, objectBody(ctx));
  authorize(ctx, POLICY.ruleCreate, { projectId: ctx.auth.projectId });
  const args = (ctx.body as { security_group_rule: Json }).security_group_rule;
  const groupId = (args.group_id as string | null | undefined) ?? null;
  const parent = getGroup(ctx, String(args.parent_group_id));
  const source = groupId === null ? undefined : getGroup(ctx, groupId);
  const newRule =
    groupId === null
      ? newIngressRule(args.ip_protocol, args.from_port, args.to_port, {
          cidr: parseRuleCidr(args.cidr),
        })
      : newIngressRule(args.ip_protocol, args.from_port, args.to_port, { groupId });
  if (!newRule) throw NovaError.badRequest('Not enough parameters to build a valid rule.');
  if (newRule.cidr !== undefined) {
    const [net = '', prefix] = newRule.cidr.split('/');
    if (net !== '0.0.0.0' && net !== '::' && Number(prefix) === 0) {
      throw NovaError.badRequest(`Bad prefix for network in cidr ${newRule.cidr}`);
    }
  }
  if (ruleExists(parent, newRule)) {
    throw NovaError.badRequest(`This rule already exists in group ${parent.id}`);
  }
  const reply = neutron(ctx, 'POST', '/security-group-rules', {
    security_group_rule: neutronRuleBody(parent.id, newRule),
  });
  if (reply.status >= 400) {
    const failure = neutronFailure(reply);
    if (failure.status === 404) throw NovaError.notFound(failure.message);
    // A rule Neutron already has, or over quota: SecurityGroupLimitExceeded.
    if (failure.status === 409) throw NovaError.forbidden(failure.message);
    throw NovaError.badRequest(failure.message);
  }
  const created = novaRule(reply.body.security_group_rule);
  const ref = source ? { name: source.name, tenant_id: source.projectId } : undefined;
  const view = ruleView(created, (id) => (ref && id === source?.id ? ref : undefined));
  return { status: 200, body: { security_group_rule: view } };
}

function deleteRule(ctx: ApiContext): HandlerResult {
  authorize(ctx, POLICY.ruleDelete, { projectId: ctx.auth.projectId });
  const id = validId(ctx.params.id!);
  const reply = neutron(ctx, 'GET', `/security-group-rules/${encodeURIComponent(id)}`);
  if (reply.status >= 400) {
    const failure = neutronFailure(reply);
    if (failure.status === 404) throw NovaError.notFound(failure.message);
    throw NovaError.badRequest(failure.message);
  }
  const found = novaRule(reply.body.security_group_rule);
  getGroup(ctx, found.parentGroupId);
  const removed = neutron(ctx, 'DELETE', `/security-group-rules/${found.id}`);
  if (removed.status >= 400) {
    const failure = neutronFailure(removed);
    if (failure.status === 404) throw NovaError.notFound(failure.message);
    throw NovaError.badRequest(failure.message);
  }
  return { status: 202 };
}

const gated = (method: Route['method'], path: string, handler: Route['handler']): Route => ({
  method,
  path,
  handler,
  maxVersion: LAST_PROXY_VERSION,
});

/** The security group proxies, 404 from 2.36 as Nova's version gate answers. */
export const securityGroupRoutes: readonly Route[] = [
  gated('GET', '/os-security-groups', index),
  gated('POST', '/os-security-groups', create),
  gated('GET', '/os-security-groups/{id}', show),
  gated('PUT', '/os-security-groups/{id}', update),
  gated('DELETE', '/os-security-groups/{id}', remove),
  gated('POST', '/os-security-group-rules', createRule),
  gated('DELETE', '/os-security-group-rules/{id}', deleteRule),
];
