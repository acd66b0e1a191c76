import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { ADMIN, DEMO, neutron, OTHER } from './helpers.js';

describe('security groups', () => {
  it("makes each project's default group on first use, with Neutron's four rules", () => {
    const cloud = createCloud();
    const groups = neutron(cloud, 'GET', 'security-groups').body.security_groups;
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group).toMatchObject({
      name: 'default',
      description: 'Default security group',
      project_id: DEMO.projectId,
    });
    const rules = group.security_group_rules.map((r: Record<string, unknown>) => [
      r.direction,
      r.ethertype,
      r.remote_group_id,
    ]);
    expect(rules).toEqual([
      ['egress', 'IPv4', null],
      ['egress', 'IPv6', null],
      ['ingress', 'IPv4', group.id],
      ['ingress', 'IPv6', group.id],
    ]);
    // Listing again makes no second one; another project gets its own.
    expect(neutron(cloud, 'GET', 'security-groups').body.security_groups).toHaveLength(1);
    const other = neutron(cloud, 'GET', 'security-groups', undefined, OTHER).body.security_groups;
    expect(other).toHaveLength(1);
    expect(other[0].id).not.toBe(group.id);
  });

  it('creates with two egress rules; refuses a second default; deletes', () => {
    const cloud = createCloud();
    const res = neutron(cloud, 'POST', 'security-groups', {
      security_group: { name: 'web', description: 'w' },
    });
    expect(res.status).toBe(201);
    expect(res.body.security_group.security_group_rules).toHaveLength(2);
    const dup = neutron(cloud, 'POST', 'security-groups', { security_group: { name: 'default' } });
    expect(dup.status).toBe(409);
    expect(dup.body.NeutronError.type).toBe('SecurityGroupDefaultAlreadyExists');
    const id = res.body.security_group.id;
    expect(neutron(cloud, 'GET', `security-groups/${id}`, undefined, OTHER).status).toBe(404);
    expect(neutron(cloud, 'DELETE', `security-groups/${id}`).status).toBe(204);
    const def = neutron(cloud, 'GET', 'security-groups?name=default').body.security_groups[0];
    const refused = neutron(cloud, 'DELETE', `security-groups/${def.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.NeutronError.message).toBe(
      'Insufficient rights for removing default security group.',
    );
  });

  it('validates rules and answers 409 for a duplicate', () => {
    const cloud = createCloud();
    const sg = neutron(cloud, 'POST', 'security-groups', { security_group: { name: 'web' } }).body
      .security_group;
    const rule = (extra: Record<string, unknown>) =>
      neutron(cloud, 'POST', 'security-group-rules', {
        security_group_rule: { security_group_id: sg.id, direction: 'ingress', ...extra },
      });
    const ssh = rule({
      protocol: 'tcp',
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: '0.0.0.0/0',
    });
    expect(ssh.status).toBe(201);
    expect(ssh.body.security_group_rule).toMatchObject({
      protocol: 'tcp',
      ethertype: 'IPv4',
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: '0.0.0.0/0',
      security_group_id: sg.id,
    });
    const again = rule({ protocol: '6', port_range_min: 22, port_range_max: 22 });
    expect(again.status).toBe(409);
    expect(again.body.NeutronError).toEqual({
      type: 'SecurityGroupRuleExists',
      message: `Security group rule already exists. Rule id is ${ssh.body.security_group_rule.id}.`,
      detail: '',
    });
    expect(
      rule({ protocol: 'tcp', port_range_min: 80, port_range_max: 22 }).body.NeutronError.message,
    ).toBe('For TCP/UDP protocols, port_range_min must be <= port_range_max');
    expect(rule({ port_range_min: 80, port_range_max: 80 }).body.NeutronError.type).toBe(
      'SecurityGroupProtocolRequiredWithPorts',
    );
    expect(rule({ protocol: 'icmp', port_range_min: 300 }).body.NeutronError.message).toBe(
      'Invalid value for ICMP type (port_range_min) 300. It must be 0 to 255.',
    );
    expect(rule({ protocol: 'bogus' }).body.NeutronError.type).toBe(
      'SecurityGroupRuleInvalidProtocol',
    );
    expect(rule({ remote_ip_prefix: '::/0' }).body.NeutronError.message).toBe(
      'Conflicting value ethertype IPv4 for CIDR ::/0',
    );
    expect(rule({ direction: 'sideways' }).status).toBe(400);
    const other = neutron(
      cloud,
      'POST',
      'security-group-rules',
      {
        security_group_rule: { security_group_id: sg.id, direction: 'ingress' },
      },
      OTHER,
    );
    expect(other.status).toBe(404);
    expect(
      neutron(cloud, 'DELETE', `security-group-rules/${ssh.body.security_group_rule.id}`).status,
    ).toBe(204);
    expect(rule({ protocol: 'tcp', port_range_min: 22, port_range_max: 22 }).status).toBe(201);
    expect(neutron(cloud, 'GET', 'security-group-rules', undefined, ADMIN).status).toBe(200);
  });

  it('refuses to delete a group a port uses', () => {
    const cloud = createCloud();
    const sg = neutron(cloud, 'POST', 'security-groups', { security_group: { name: 'web' } }).body
      .security_group;
    neutron(cloud, 'POST', 'ports', {
      port: { network_id: '3cb9bc59-5699-4588-a4b1-b87f96708bc6', security_groups: [sg.id] },
    });
    const res = neutron(cloud, 'DELETE', `security-groups/${sg.id}`);
    expect(res.status).toBe(409);
    expect(res.body.NeutronError.message).toBe(`Security Group ${sg.id} in use.`);
  });
});
