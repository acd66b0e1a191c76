import { describe, expect, it } from 'vitest';
import { loadScenario, replay, type Scenario } from '../../src/index.js';
import { SAMPLE_NETWORK_ID } from '../../src/network/defaults.js';

// A request step names its service, so a scenario (and a counterexample the harness
// writes) can replay Neutron and Cinder calls beside Nova's.

const scenario = (steps: unknown[]) =>
  ({ seed: 1, microversion: '2.latest', hosts: { count: 1 }, steps }) as Scenario;

describe('request steps with a service', () => {
  it('sends a network request to Neutron, without a compute microversion header', () => {
    const result = replay(
      scenario([
        {
          request: {
            service: 'network',
            method: 'POST',
            path: '/v2.0/ports',
            body: { port: { network_id: SAMPLE_NETWORK_ID } },
          },
          save: { port: '/port/id' },
          expect: { code: 201, body: { '/port/network_id': SAMPLE_NETWORK_ID } },
        },
        {
          request: { service: 'network', method: 'GET', path: '/v2.0/ports/${port}' },
          expect: { code: 200 },
        },
        { request: { method: 'GET', path: '/v2.0/ports' }, expect: { code: 404 } },
      ]),
    );
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('is part of the scenario schema: an unknown service is refused when loading', () => {
    const bad = scenario([{ request: { service: 'dns', method: 'GET', path: '/v2/zones' } }]);
    expect(() => loadScenario(bad)).toThrow(/service/);
  });
});
