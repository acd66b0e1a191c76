import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../../src/cloud.js';
import { call, newCloud } from '../catalog/helpers.js';

type Json = Record<string, unknown>;

function createGroup(cloud: Cloud, name = 'web', description = 'web tier'): Json {
  const res = call(cloud, 'POST', 'os-security-groups', {
    body: { security_group: { name, description } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { security_group: Json }).security_group;
}

function addRule(cloud: Cloud, rule: Json) {
  return call(cloud, 'POST', 'os-security-group-rules', { body: { security_group_rule: rule } });
}

describe('os-security-groups (proxy to Neutron up to 2.35)', () => {
  it('creates a group in Neutron and shows it in Nova’s shape, without egress rules', () => {
    const cloud = newCloud();
    const group = createGroup(cloud);
    expect(group).toMatchObject({ name: 'web', description: 'web tier', rules: [] });
    expect(Object.keys(group).sort()).toEqual(['description', 'id', 'name', 'rules', 'tenant_id']);
    const neutron = cloud.request({
      service: 'network',
      method: 'GET',
      path: `/v2.0/security-groups/${String(group.id)}`,
    });
    expect(neutron.status).toBe(200);
    expect(neutron.body.security_group.security_group_rules).toHaveLength(2);
  });

  it('lists the project’s groups sorted by tenant and name, the default one included', () => {
    const cloud = newCloud();
    createGroup(cloud, 'zeta');
    createGroup(cloud, 'alpha');
    const res = call(cloud, 'GET', 'os-security-groups');
    const names = (res.body as { security_groups: Json[] }).security_groups.map((g) => g.name);
    expect(names).toEqual(['alpha', 'default', 'zeta']);
    const paged = call(cloud, 'GET', 'os-security-groups?limit=1&offset=1');
    expect((paged.body as { security_groups: Json[] }).security_groups).toHaveLength(1);
  });

  it('shows the default group’s ingress rules from itself by group name', () => {
    const cloud = newCloud();
    const list = call(cloud, 'GET', 'os-security-groups');
    const def = (list.body as { security_groups: Json[] }).security_groups[0]!;
    const rules = def.rules as Json[];
    expect(rules).toHaveLength(2);
    expect(rules[0]).toMatchObject({
      ip_protocol: null,
      from_port: null,
      to_port: null,
      ip_range: {},
      group: { name: 'default', tenant_id: def.tenant_id },
    });
  });

  it('updates name and description, and deletes with 202', () => {
    const cloud = newCloud();
    const group = createGroup(cloud);
    const res = call(cloud, 'PUT', `os-security-groups/${String(group.id)}`, {
      body: { security_group: { name: 'renamed', description: 'new' } },
    });
    expect(res.status).toBe(200);
    expect((res.body as { security_group: Json }).security_group.name).toBe('renamed');
    expect(call(cloud, 'DELETE', `os-security-groups/${String(group.id)}`).status).toBe(202);
    const gone = call(cloud, 'GET', `os-security-groups/${String(group.id)}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      itemNotFound: { code: 404, message: `Security group ${String(group.id)} does not exist` },
    });
  });

  it('answers 400 for an id that is not a uuid, as Nova’s validate_id does', () => {
    const cloud = newCloud();
    const res = call(cloud, 'GET', 'os-security-groups/not-a-uuid');
    expect(res.body).toEqual({
      badRequest: { code: 400, message: 'Security group id should be uuid' },
    });
    expect(call(cloud, 'DELETE', 'os-security-groups/not-a-uuid').status).toBe(400);
  });

  it('refuses to delete the default group with 400 (Neutron’s 409 is Nova’s Invalid)', () => {
    const cloud = newCloud();
    const list = call(cloud, 'GET', 'os-security-groups');
    const def = (list.body as { security_groups: Json[] }).security_groups[0]!;
    const res = call(cloud, 'DELETE', `os-security-groups/${String(def.id)}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('default security group');
  });

  it('answers 400 for a body without the required fields, and changes nothing', () => {
    const cloud = newCloud();
    const res = call(cloud, 'POST', 'os-security-groups', {
      body: { security_group: { name: 'x' } },
    });
    expect(res.status).toBe(400);
    const list = call(cloud, 'GET', 'os-security-groups');
    expect((list.body as { security_groups: Json[] }).security_groups).toHaveLength(1);
  });

  it('gives a reader the list but not a create (policy defaults)', () => {
    const cloud = newCloud();
    const asReader = (method: string, path: string, body?: unknown) =>
      cloud.request({
        method,
        path: `/v2.1/${path}`,
        auth: { roles: ['reader'] },
        ...(body ? { body } : {}),
      });
    expect(asReader('GET', 'os-security-groups').status).toBe(200);
    const res = asReader('POST', 'os-security-groups', {
      security_group: { name: 'a', description: 'b' },
    });
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).toContain('os_compute_api:os-security-groups:create');
  });

  it('is gone at 2.36 with Nova’s 404', () => {
    const cloud = newCloud();
    const res = call(cloud, 'GET', 'os-security-groups', { version: '2.36' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      itemNotFound: { code: 404, message: 'The resource could not be found.' },
    });
    expect(call(cloud, 'GET', 'os-security-groups', { version: '2.35' }).status).toBe(200);
  });
});

describe('os-security-group-rules', () => {
  it('adds a CIDR rule and renders it with its ip_range', () => {
    const cloud = newCloud();
    const group = createGroup(cloud);
    const res = addRule(cloud, {
      parent_group_id: group.id,
      ip_protocol: 'tcp',
      from_port: 22,
      to_port: '22',
      cidr: '10.0.0.0/24',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body as { security_group_rule: Json }).security_group_rule).toMatchObject({
      parent_group_id: group.id,
      ip_protocol: 'tcp',
      from_port: 22,
      to_port: 22,
      group: {},
      ip_range: { cidr: '10.0.0.0/24' },
    });
    const shown = call(cloud, 'GET', `os-security-groups/${String(group.id)}`);
    expect((shown.body as { security_group: Json }).security_group.rules).toHaveLength(1);
  });

  it('opens all ports of a group rule without ports, and names the source group', () => {
    const cloud = newCloud();
    const group = createGroup(cloud);
    const source = createGroup(cloud, 'src');
    const res = addRule(cloud, {
      parent_group_id: group.id,
      group_id: source.id,
      ip_protocol: 'udp',
    });
    expect((res.body as { security_group_rule: Json }).security_group_rule).toMatchObject({
      from_port: 1,
      to_port: 65535,
      group: { name: 'src', tenant_id: source.tenant_id },
      ip_range: {},
    });
  });

  it('refuses a duplicate rule with Nova’s 400', () => {
    const cloud = newCloud();
    const group = createGroup(cloud);
    const rule = { parent_group_id: group.id, ip_protocol: 'icmp', from_port: -1, to_port: -1 };
    expect(addRule(cloud, rule).status).toBe(200);
    const res = addRule(cloud, rule);
    expect(res.body).toEqual({
      badRequest: { code: 400, message: `This rule already exists in group ${String(group.id)}` },
    });
  });

  it.each([
    [{ ip_protocol: 'foo', from_port: 1, to_port: 2 }, 'Invalid IP protocol foo.'],
    [
      { ip_protocol: 'tcp', from_port: 23, to_port: 22 },
      'Invalid port range 23:22. Former value cannot be greater than the later',
    ],
    [
      { ip_protocol: 'tcp', from_port: 0, to_port: 22 },
      'Invalid port range 0:22. Valid TCP ports should be between 1-65535',
    ],
    [
      { ip_protocol: 'icmp', from_port: 256, to_port: 0 },
      'Invalid port range 256:0. For ICMP, the type:code must be valid',
    ],
    [
      { ip_protocol: 'tcp', from_port: 'a', to_port: 22 },
      'Invalid input received: To and From ports must be integers',
    ],
    [{ ip_protocol: 'tcp' }, 'Not enough parameters to build a valid rule.'],
    [
      { ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '10.0.0.0/0' },
      'Bad prefix for network in cidr 10.0.0.0/0',
    ],
    [
      { ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: 'nonsense' },
      'nonsense is not a valid IP network.',
    ],
  ])('refuses %j with Nova’s message', (args, message) => {
    const cloud = newCloud();
    const group = createGroup(cloud);
    const res = addRule(cloud, { parent_group_id: group.id, ...args });
    expect(res.body).toEqual({ badRequest: { code: 400, message } });
  });

  it('answers 404 for an unknown parent group and 400 for a parent that is no uuid', () => {
    const cloud = newCloud();
    const unknown = 'a0a0a0a0-0000-4000-8000-000000000000';
    const res = addRule(cloud, {
      parent_group_id: unknown,
      ip_protocol: 'tcp',
      from_port: 1,
      to_port: 2,
    });
    expect(res.body).toEqual({
      itemNotFound: { code: 404, message: `Security group ${unknown} does not exist` },
    });
    expect(addRule(cloud, { parent_group_id: 'x' }).status).toBe(400);
  });

  it('deletes a rule (202) and then answers 404 for it', () => {
    const cloud = newCloud();
    const group = createGroup(cloud);
    const made = addRule(cloud, {
      parent_group_id: group.id,
      ip_protocol: 'tcp',
      from_port: 80,
      to_port: 80,
    });
    const id = String((made.body as { security_group_rule: Json }).security_group_rule.id);
    expect(call(cloud, 'DELETE', `os-security-group-rules/${id}`).status).toBe(202);
    const again = call(cloud, 'DELETE', `os-security-group-rules/${id}`);
    expect(again.body).toEqual({
      itemNotFound: { code: 404, message: `Security group rule ${id} does not exist` },
    });
  });
});
