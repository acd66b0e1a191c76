// End to end: the real `openstack` CLI's Neutron commands against `startSimServer`.
// vitest.config.ts runs this file only with NOVA_SIM_E2E set (CI installs the CLI).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SimServer, startSimServer } from '../../src/http/server.js';
import { type CliSession, cliSession } from '../support/openstack-cli.js';

const STEP = 60_000;

let server: SimServer;
let cli: CliSession;
const os = (args: string[]) => cli.os(args);
const osJson = (args: string[]) => cli.osJson(args);
const ok = (args: string[]) => cli.osOk(args);

describe('the openstack CLI against Neutron in nova-sim serve', () => {
  beforeAll(async () => {
    server = await startSimServer({ port: 0, clock: 'realtime', speed: 20_000 });
    cli = cliSession(server);
  });

  afterAll(async () => {
    await server?.close();
  });

  test('network, subnet, port, security group and rule, router, floating IP', {
    timeout: 10 * STEP,
  }, async () => {
    const network = await osJson(['network', 'create', 'net1']);
    expect(network).toMatchObject({ name: 'net1', status: 'ACTIVE', admin_state_up: true });
    const subnet = await osJson([
      'subnet',
      'create',
      '--network',
      'net1',
      '--subnet-range',
      '10.10.0.0/24',
      'sub1',
    ]);
    expect(subnet).toMatchObject({
      cidr: '10.10.0.0/24',
      gateway_ip: '10.10.0.1',
      network_id: network.id,
    });
    const port = await osJson(['port', 'create', '--network', 'net1', 'port1']);
    expect(port.status).toBe('DOWN');
    expect(port.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    expect(JSON.stringify(port.fixed_ips)).toContain('10.10.0.2');
    const group = await osJson(['security', 'group', 'create', 'web']);
    expect(group.name).toBe('web');
    const rule = await osJson([
      'security',
      'group',
      'rule',
      'create',
      '--protocol',
      'tcp',
      '--dst-port',
      '22',
      'web',
    ]);
    expect(rule).toMatchObject({
      protocol: 'tcp',
      port_range_min: 22,
      port_range_max: 22,
      direction: 'ingress',
    });
    const duplicate = await os([
      'security',
      'group',
      'rule',
      'create',
      '--protocol',
      'tcp',
      '--dst-port',
      '22',
      'web',
    ]);
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain('Security group rule already exists');
    const router = await osJson(['router', 'create', 'r1']);
    expect(router.name).toBe('r1');
    await ok(['router', 'add', 'subnet', 'r1', 'sub1']);
    await ok(['router', 'set', '--external-gateway', 'public', 'r1']);
    const shown = await osJson(['router', 'show', 'r1']);
    expect(JSON.stringify(shown.external_gateway_info)).toContain('172.24.4.');
    const fip = await osJson(['floating', 'ip', 'create', 'public']);
    expect(fip.floating_ip_address).toMatch(/^172\.24\.4\.\d+$/);
    expect(fip.status).toBe('DOWN');
    await ok(['floating', 'ip', 'set', '--port', 'port1', fip.floating_ip_address]);
    const associated = await osJson(['floating', 'ip', 'show', fip.id]);
    expect(associated).toMatchObject({
      status: 'ACTIVE',
      fixed_ip_address: '10.10.0.2',
      router_id: router.id,
    });
  });
});
