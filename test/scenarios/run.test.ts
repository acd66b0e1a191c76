import { describe, expect, it } from 'vitest';
import { isScenarioError, loadScenario, replay, type Scenario } from '../../src/index.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const create = (name: string, save = 'web') => ({
  request: {
    method: 'POST',
    path: '/v2.1/servers',
    body: { server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'auto' } },
  },
  save: { [save]: '/server/id' },
  expect: { code: 202 },
});
const scenario = (steps: unknown[], extra: object = {}) =>
  ({ seed: 1, microversion: '2.latest', hosts: { count: 2 }, ...extra, steps }) as Scenario;

describe('replay', () => {
  it('runs a scenario object and hands back the cloud and the trace', () => {
    const result = replay(
      scenario([create('web-1'), { until: { server: '${web}', status: 'ACTIVE' } }]),
    );
    expect(result.ok).toBe(true);
    expect(result.failures).toEqual([]);
    expect(result.steps).toBe(2);
    expect(result.elapsedMs).toBe(6500);
    const id = result.trace.find((line) => line.type === 'save')?.value as string;
    expect(result.cloud.compute.get(id)?.machine.vmState).toBe('active');
    expect(result.trace[0]).toMatchObject({ seq: 0, t: 0, type: 'scenario', seed: 1 });
    expect(result.trace.at(-1)).toMatchObject({ type: 'end', ok: true, steps: 2 });
    expect(result.trace.map((line) => line.seq)).toEqual(result.trace.map((_, i) => i));
  });

  it('records a request before the events it caused', () => {
    const { trace } = replay(scenario([create('web-1')]));
    expect(trace.slice(1, 4).map((line) => line.type)).toEqual([
      'request',
      'server.created',
      'save',
    ]);
  });

  it('stops at the first failing step and says what was expected and found', () => {
    const result = replay(
      scenario([
        create('web-1'),
        { expect: { server: 'web-1', status: 'ACTIVE', task_state: 'scheduling' } },
        { note: 'never reached' },
      ]),
      { file: 'f.json' },
    );
    expect(result.ok).toBe(false);
    expect(result.steps).toBe(2);
    expect(result.failures).toEqual([
      {
        file: 'f.json',
        step: 1,
        kind: 'expect',
        t: 0,
        pointer: '/steps/1/expect/status',
        message: 'server web-1 status',
        expected: '"ACTIVE"',
        found: 'BUILD',
      },
    ]);
    expect(result.trace.some((line) => line.type === 'note')).toBe(false);
  });

  it('fails an until whose timeout passes, at the deadline', () => {
    const result = replay(
      scenario([
        create('web-1'),
        { until: { server: '${web}', status: 'SHUTOFF', timeout: 'PT10S' } },
      ]),
    );
    expect(result.failures).toMatchObject([
      {
        step: 1,
        kind: 'until',
        pointer: '/steps/1/until/status',
        message: 'server web-1 status within 10000 ms',
        found: 'ACTIVE',
        t: 10_000,
      },
    ]);
  });

  it('stops an until at the exact instant the condition holds', () => {
    const result = replay(
      scenario([create('web-1'), { until: { server: 'web-1', task_state: 'spawning' } }]),
    );
    expect(result.ok).toBe(true);
    expect(result.elapsedMs).toBe(2500);
  });

  it('fails steps that cannot run: an unknown server, a missing value to save', () => {
    const missing = replay(scenario([{ expect: { server: 'nope', status: 'ACTIVE' } }]));
    expect(missing.failures).toMatchObject([
      { step: 0, pointer: '/steps/0/expect/server', message: 'no server with id or name "nope"' },
    ]);
    const unsaved = replay(
      scenario([
        { request: { method: 'GET', path: '/v2.1/servers' }, save: { x: '/servers/0/id' } },
      ]),
    );
    expect(unsaved.failures).toMatchObject([
      {
        step: 0,
        pointer: '/steps/0/save/x',
        message: 'cannot save x: /servers/0/id is not in the 200 response',
      },
    ]);
  });

  it('turns an engine refusal into a failure of the step', () => {
    const result = replay(
      scenario([
        create('web-1'),
        { until: { server: 'web-1', status: 'ACTIVE' } },
        { host: { remove: 'compute-1' } },
      ]),
    );
    expect(result.failures).toMatchObject([
      {
        step: 2,
        kind: 'host',
        pointer: '/steps/2/host/remove',
        message: expect.stringMatching(/^the step could not run: 409 /),
      },
    ]);
  });

  it('uses the seed option over the scenario seed', () => {
    const ids = (seed?: number) =>
      replay(scenario([create('web-1')]), seed === undefined ? {} : { seed }).trace.find(
        (line) => line.type === 'save',
      )?.value;
    expect(ids()).toBe(ids(1));
    expect(ids(2)).not.toBe(ids(1));
    expect(replay(scenario([create('web-1')]), { seed: 'abc' }).seed).toBe('abc');
  });

  it('throws a ScenarioError for an invalid scenario, and runs nothing', () => {
    let seen = 0;
    try {
      replay({ steps: [{ advance: 'soon' }] }, { file: 'x.json', onTrace: () => seen++ });
      expect.unreachable();
    } catch (error) {
      expect(isScenarioError(error)).toBe(true);
      expect((error as Error).message).toMatch(/^x\.json: step 0 \(\/steps\/0\/advance\)/);
    }
    expect(seen).toBe(0);
  });

  it('accepts what loadScenario returns and streams the trace', () => {
    const lines: string[] = [];
    const result = replay(loadScenario(scenario([create('web-1')])), {
      onTrace: (line) => lines.push(line.type),
    });
    expect(lines).toEqual(result.trace.map((line) => line.type));
  });
});

describe('the cloud of a scenario', () => {
  it('takes its epoch, hosts and catalog, filling in what a flavor leaves out', () => {
    const result = replay(
      scenario(
        [
          {
            request: {
              method: 'POST',
              path: '/v2.1/servers',
              body: {
                server: { name: 'big-1', imageRef: IMAGE, flavorRef: 'huge', networks: 'auto' },
              },
            },
            save: { big: '/server/id' },
          },
          { until: { server: 'big-1', status: 'ACTIVE' } },
          {
            request: { method: 'GET', path: '/v2.1/servers/${big}', user: 'admin' },
            expect: {
              body: {
                '/server/flavor/vcpus': 2,
                '/server/OS-EXT-SRV-ATTR:host': 'rack-a',
                '/server/created': '2030-05-01T12:00:00Z',
              },
            },
          },
        ],
        {
          epoch: '2030-05-01T12:00:00Z',
          hosts: [{ name: 'rack-a', vcpus: 2 }],
          catalog: { flavors: [{ id: 'huge', name: 'huge', vcpus: 2, ram: 1024, disk: 1 }] },
        },
      ),
    );
    expect(result.failures).toEqual([]);
    expect(result.trace[0]).toMatchObject({
      epoch: '2030-05-01T12:00:00.000Z',
      hosts: [{ name: 'rack-a', capacity: { vcpus: 8 } }],
    });
  });
});

describe('requests', () => {
  it('sends the scenario microversion unless the request says otherwise', () => {
    const result = replay(
      scenario([
        {
          request: { method: 'GET', path: '/v2.1/servers' },
          expect: { headers: { 'OpenStack-API-Version': 'compute 2.104' } },
        },
        {
          request: { method: 'GET', path: '/v2.1/servers', microversion: '2.50' },
          expect: { headers: { 'openstack-api-version': 'compute 2.50' } },
        },
        {
          request: {
            method: 'GET',
            path: '/v2.1/servers',
            headers: { 'X-OpenStack-Nova-API-Version': '2.3' },
            microversion: '2.50',
          },
          expect: { headers: { 'x-openstack-nova-api-version': '2.3' } },
        },
      ]),
    );
    expect(result.failures).toEqual([]);
  });

  it('calls as a named user, an explicit identity, or the default member', () => {
    const result = replay(
      scenario(
        [
          create('web-1'),
          {
            request: { method: 'GET', path: '/v2.1/servers/${web}', user: 'eve' },
            expect: { code: 404 },
          },
          {
            request: { method: 'GET', path: '/v2.1/servers/${web}', user: 'admin' },
            expect: { code: 200, body: { '/server/OS-EXT-SRV-ATTR:host': { exists: true } } },
          },
          {
            request: {
              method: 'GET',
              path: '/v2.1/servers/${web}',
              auth: { projectId: 'p9', userId: 'u9', roles: ['reader'] },
            },
            expect: { code: 404 },
          },
        ],
        { users: { eve: { project: 'other' } } },
      ),
    );
    expect(result.failures).toEqual([]);
    expect(result.trace.filter((l) => l.type === 'request').map((l) => l.user)).toEqual([
      'member',
      'eve',
      'admin',
      'u9@p9',
    ]);
  });

  it('applies default and per-project quotas', () => {
    const result = replay(
      scenario(
        [
          create('a-1', 'a'),
          { request: create('a-2').request, expect: { code: 403 } },
          { request: { ...create('b-1').request, user: 'bob' }, expect: { code: 202 } },
          { request: { ...create('b-2').request, user: 'bob' }, expect: { code: 202 } },
        ],
        {
          quotas: { instances: 1 },
          projects: { big: { quotas: { instances: 5 } } },
          users: { bob: { project: 'big' } },
        },
      ),
    );
    expect(result.failures).toEqual([]);
  });
});

describe('expectations', () => {
  const checks = (expect: object) =>
    replay(
      scenario([
        create('web-1'),
        { until: { server: 'web-1', status: 'ACTIVE' } },
        { request: { method: 'GET', path: '/v2.1/servers/${web}' } },
        { expect },
      ]),
    ).failures.map((f) => f.message);

  it('matches equality, regex, one-of, not, exists, length and ranges', () => {
    expect(
      checks({
        code: { oneOf: [200, 203] },
        body: {
          '/server/name': { match: '^web-\\d$' },
          '/server/status': { not: 'ERROR' },
          '/server/fault': { exists: false },
          '/server/addresses/private': { length: 1 },
          '/server/OS-EXT-STS:power_state': { min: 1, max: 1 },
          '/server/metadata': { equals: {} },
          '': { exists: true },
        },
      }),
    ).toEqual([]);
    expect(
      checks({
        code: 202,
        body: {
          '/server/name': { match: '^db' },
          '/server/nope': 'x',
          '/server/addresses/private': { length: { min: 2 } },
        },
      }),
    ).toEqual(['code', 'body /server/name', 'body /server/nope', 'body /server/addresses/private']);
  });

  it('accepts old status spellings in server checks and event filters', () => {
    const result = replay(
      scenario([
        create('web-1'),
        {
          expect: {
            server: 'web-1',
            status: 'BUILDING',
            vm_state: 'building',
            power_state: 0,
            locked: false,
            host: null,
          },
        },
        { until: { server: 'web-1', status: { oneOf: ['ACTIVE', 'ERROR'] } } },
        {
          request: {
            method: 'POST',
            path: '/v2.1/servers/${web}/action',
            body: { 'os-stop': null },
          },
        },
        { until: { server: 'web-1', status: 'STOPPED' } },
        {
          expect: {
            events: {
              'server.status': { count: 1, server: 'web-1', where: { to: 'STOPPED' } },
              'server.created': 1,
              fault: { max: 0 },
            },
          },
        },
      ]),
    );
    expect(result.failures).toEqual([]);
  });

  it('counts events of one server and with field filters', () => {
    const result = replay(
      scenario([
        create('web-1'),
        create('web-2', 'other'),
        { until: { server: 'web-2', status: 'ACTIVE' } },
        {
          expect: {
            events: { claim: 2, 'server.status': { count: 1, server: '${other}' }, host: 0 },
          },
        },
        { host: { disable: 'compute-2', reason: 'maintenance' } },
        { fault: { kind: 'host-down', host: 'compute-1', after: 'PT1M' } },
        { advance: 'PT59S' },
        { expect: { events: { host: { count: 1, where: { change: 'disabled' } } } } },
        { advance: 'PT1S' },
        {
          expect: { events: { host: { count: 1, where: { host: 'compute-1', change: 'down' } } } },
        },
      ]),
    );
    expect(result.failures).toEqual([]);
    const down = result.trace.find((line) => line.type === 'host' && line.change === 'down');
    expect(down?.t).toBe(6500 + 60_000);
  });
});
