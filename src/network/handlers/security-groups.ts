import { uuid4 } from '../../random/ids.js';
import {
  type HandlerResult,
  member,
  type NetworkContext,
  onlyKnown,
  ownerOf,
  owns,
  stamp,
  touch,
} from '../context.js';
import { NeutronError, notFound } from '../errors.js';
import { listBody, project } from '../listing.js';
import { checkQuota } from '../quota.js';
import type { NetworkDb, RuleRow, SecurityGroupRow } from '../records.js';
import { checkBody, SECURITY_GROUP_SCHEMA, toBool } from '../schemas.js';
import { securityGroupView } from '../views.js';

const KNOWN = Object.keys((SECURITY_GROUP_SCHEMA.properties ?? {}) as object);

/**
 * A project's `default` group, made the first time the project touches security groups or
 * ports, as Neutron does: egress anywhere and ingress from members, for IPv4 and IPv6.
 */
export function ensureDefaultGroup(
  ctx: Pick<NetworkContext, 'db' | 'random' | 'now'>,
  projectId: string,
): SecurityGroupRow {
  const existing = defaultGroupOf(ctx.db, projectId);
  if (existing) return existing;
  const base = { projectId, description: '', createdAt: ctx.now, updatedAt: ctx.now, revision: 1 };
  const group: SecurityGroupRow = {
    ...base,
    id: uuid4(ctx.random),
    name: 'default',
    description: 'Default security group',
    stateful: true,
  };
  ctx.db.securityGroups.set(group.id, group);
  for (const [direction, ethertype] of [
    ['egress', 'IPv4'],
    ['egress', 'IPv6'],
    ['ingress', 'IPv4'],
    ['ingress', 'IPv6'],
  ] as const) {
    const rule: RuleRow = {
      ...base,
      id: uuid4(ctx.random),
      securityGroupId: group.id,
      direction,
      ethertype,
      protocol: null,
      portRangeMin: null,
      portRangeMax: null,
      remoteIpPrefix: null,
      remoteGroupId: direction === 'ingress' ? group.id : null,
    };
    ctx.db.rules.set(rule.id, rule);
  }
  return group;
}

export function defaultGroupOf(db: NetworkDb, projectId: string): SecurityGroupRow | undefined {
  for (const group of db.securityGroups.values()) {
    if (group.projectId === projectId && group.name === 'default') return group;
  }
  return undefined;
}

export function visibleGroup(ctx: NetworkContext, id: string): SecurityGroupRow {
  const row = ctx.db.securityGroups.get(id);
  if (!row || !owns(ctx, row)) throw notFound.securityGroup(id);
  return row;
}

export function listSecurityGroups(ctx: NetworkContext): HandlerResult {
  ensureDefaultGroup(ctx, ctx.auth.projectId);
  const docs = [...ctx.db.securityGroups.values()]
    .filter((row) => owns(ctx, row))
    .map((row) => securityGroupView(row, ctx.db));
  return { status: 200, body: listBody('security-groups', docs, ctx.query) };
}

export function showSecurityGroup(ctx: NetworkContext, id: string): HandlerResult {
  ensureDefaultGroup(ctx, ctx.auth.projectId);
  const doc = securityGroupView(visibleGroup(ctx, id), ctx.db);
  return { status: 200, body: { security_group: project(doc, ctx.query.get('fields')) } };
}

export function createSecurityGroup(ctx: NetworkContext): HandlerResult {
  const attrs = member(ctx, 'security_group');
  onlyKnown(attrs, KNOWN);
  checkBody(SECURITY_GROUP_SCHEMA, attrs);
  const projectId = ownerOf(ctx, attrs);
  ensureDefaultGroup(ctx, projectId);
  const name = (attrs.name as string | undefined) ?? '';
  if (name === 'default') {
    throw NeutronError.conflict(
      'SecurityGroupDefaultAlreadyExists',
      'Default security group already exists.',
    );
  }
  checkQuota(ctx, 'security_group', projectId);
  // The two egress rules a new group gets count against the rule quota too.
  checkQuota(ctx, 'security_group_rule', projectId, 2);
  const row: SecurityGroupRow = {
    ...stamp(ctx, uuid4(ctx.random), projectId, attrs.description),
    name,
    stateful: toBool(attrs.stateful, true),
  };
  ctx.db.securityGroups.set(row.id, row);
  for (const ethertype of ['IPv4', 'IPv6'] as const) {
    const rule: RuleRow = {
      ...stamp(ctx, uuid4(ctx.random), projectId, ''),
      securityGroupId: row.id,
      direction: 'egress',
      ethertype,
      protocol: null,
      portRangeMin: null,
      portRangeMax: null,
      remoteIpPrefix: null,
      remoteGroupId: null,
    };
    ctx.db.rules.set(rule.id, rule);
  }
  return { status: 201, body: { security_group: securityGroupView(row, ctx.db) } };
}

export function updateSecurityGroup(ctx: NetworkContext, id: string): HandlerResult {
  const row = visibleGroup(ctx, id);
  const attrs = member(ctx, 'security_group');
  onlyKnown(attrs, KNOWN);
  checkBody(SECURITY_GROUP_SCHEMA, attrs);
  if (row.name === 'default' && attrs.name !== undefined && attrs.name !== 'default') {
    throw NeutronError.conflict(
      'SecurityGroupCannotUpdateDefault',
      'Updating default security group not allowed.',
    );
  }
  if (row.name !== 'default' && attrs.name === 'default') {
    throw NeutronError.conflict(
      'SecurityGroupDefaultAlreadyExists',
      'Default security group already exists.',
    );
  }
  if (typeof attrs.name === 'string') row.name = attrs.name;
  if (typeof attrs.description === 'string') row.description = attrs.description;
  touch(ctx, row);
  return { status: 200, body: { security_group: securityGroupView(row, ctx.db) } };
}

export function deleteSecurityGroup(ctx: NetworkContext, id: string): HandlerResult {
  const row = visibleGroup(ctx, id);
  if (row.name === 'default' && !ctx.isAdmin) {
    throw NeutronError.conflict(
      'SecurityGroupCannotRemoveDefault',
      'Insufficient rights for removing default security group.',
    );
  }
  if ([...ctx.db.ports.values()].some((p) => p.securityGroups.includes(id))) {
    throw NeutronError.conflict('SecurityGroupInUse', `Security Group ${id} in use.`);
  }
  for (const rule of ctx.db.rulesOf(id)) ctx.db.rules.delete(rule.id);
  ctx.db.securityGroups.delete(id);
  return { status: 204, body: null };
}
