import { type Cloud, createCloud } from '../../src/cloud.js';
import type { Auth } from '../../src/service/contract.js';

export const DEMO: Auth = { projectId: 'demo-project', userId: 'demo', roles: ['member'] };
export const OTHER: Auth = { projectId: 'other-project', userId: 'other', roles: ['member'] };
export const ADMIN: Auth = {
  projectId: 'admin-project',
  userId: 'admin',
  roles: ['admin', 'member'],
};

/** A request to the cloud's Neutron. */
export function neutron(
  cloud: Cloud,
  method: string,
  path: string,
  body?: unknown,
  auth: Auth = DEMO,
) {
  return cloud.request({
    service: 'network',
    method,
    path: `/v2.0/${path}`,
    ...(body === undefined ? {} : { body }),
    auth,
  });
}

/** A fresh cloud and a demo-owned network with one IPv4 subnet. */
export function cloudWithNetwork(cidr = '10.0.0.0/29', pools?: { start: string; end: string }[]) {
  const cloud = createCloud();
  const net = neutron(cloud, 'POST', 'networks', { network: { name: 'net1' } }).body.network;
  const subnet = neutron(cloud, 'POST', 'subnets', {
    subnet: {
      network_id: net.id,
      cidr,
      ip_version: 4,
      ...(pools ? { allocation_pools: pools } : {}),
    },
  }).body.subnet;
  return { cloud, net, subnet };
}
