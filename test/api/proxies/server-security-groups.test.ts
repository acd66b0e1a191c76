import { describe, expect, it } from 'vitest';
import { call, newCloud } from '../catalog/helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

type Json = Record<string, unknown>;

describe("a server's security groups in Nova's format (regressions)", () => {
  it('shows a rule without a remote prefix as 0.0.0.0/0, and leaves out one whose remote group is gone', () => {
    const cloud = newCloud();
    const res = call(cloud, 'POST', 'servers', {
      body: { server: { name: 's', imageRef: IMAGE, flavorRef: '1' } },
    });
    const id = (res.body as { server: { id: string } }).server.id;
    cloud.clock.advance(120_000);
    const groups = call(cloud, 'GET', `servers/${id}/os-security-groups`).body as {
      security_groups: Json[];
    };
    const def = groups.security_groups[0]!;
    const neutron = (method: string, path: string, body?: unknown) =>
      cloud.request({
        service: 'network',
        method,
        path: `/v2.0/${path}`,
        ...(body ? { body } : {}),
      });
    const peer = neutron('POST', 'security-groups', {
      security_group: { name: 'peer', description: '' },
    }).body.security_group.id as string;
    neutron('POST', 'security-group-rules', {
      security_group_rule: {
        security_group_id: def.id,
        direction: 'ingress',
        protocol: 'tcp',
        port_range_min: 22,
        port_range_max: 22,
      },
    });
    neutron('POST', 'security-group-rules', {
      security_group_rule: {
        security_group_id: def.id,
        direction: 'ingress',
        remote_group_id: peer,
      },
    });
    const before = call(cloud, 'GET', `servers/${id}/os-security-groups`).body as {
      security_groups: { rules: Json[] }[];
    };
    const rules = before.security_groups[0]!.rules;
    expect(rules.find((r) => r.from_port === 22)?.ip_range).toEqual({ cidr: '0.0.0.0/0' });
    expect(rules.some((r) => (r.group as Json).name === 'peer')).toBe(true);
    // The admin removes the peer group behind the project's back (its rules go with it in
    // Neutron, so the server's view just loses that rule).
    neutron('DELETE', `security-groups/${peer}`);
    const after = call(cloud, 'GET', `servers/${id}/os-security-groups`).body as {
      security_groups: { rules: Json[] }[];
    };
    expect(after.security_groups[0]!.rules.some((r) => (r.group as Json).name === 'peer')).toBe(
      false,
    );
  });
});
