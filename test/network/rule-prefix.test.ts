import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { neutron } from './helpers.js';

describe('security group rule prefixes (regression: host bits were dropped)', () => {
  it('keeps remote_ip_prefix as given, host bits included, and normalizes normalized_cidr', () => {
    const cloud = createCloud();
    const group = neutron(cloud, 'POST', 'security-groups', {
      security_group: { name: 'web', description: '' },
    }).body.security_group;
    const res = neutron(cloud, 'POST', 'security-group-rules', {
      security_group_rule: {
        security_group_id: group.id,
        direction: 'ingress',
        protocol: 'tcp',
        port_range_min: 22,
        port_range_max: 22,
        remote_ip_prefix: '10.2.3.124/24',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.security_group_rule).toMatchObject({
      remote_ip_prefix: '10.2.3.124/24',
      normalized_cidr: '10.2.3.0/24',
    });
  });

  it('writes a bare address as a host prefix', () => {
    const cloud = createCloud();
    const group = neutron(cloud, 'POST', 'security-groups', {
      security_group: { name: 'web', description: '' },
    }).body.security_group;
    const res = neutron(cloud, 'POST', 'security-group-rules', {
      security_group_rule: {
        security_group_id: group.id,
        direction: 'ingress',
        remote_ip_prefix: '10.0.0.5',
      },
    });
    expect(res.body.security_group_rule.remote_ip_prefix).toBe('10.0.0.5/32');
  });
});
