import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import {
  Autoscaler,
  type CloudSystem,
  cloudCommands,
  runCloudCommands,
} from '../../src/testing/index.js';
import { numRuns, propertySeed, TIMEOUT } from './support.js';

const AUTH = { projectId: 'web-team', userId: 'scaler', roles: ['member'] };

/**
 * The README example: random traffic (other callers' actions and deletes, host
 * failures, faults, time) hits the cloud; after every command the autoscaler reconciles.
 * Once the chaos stops and the hosts are healed, it must get back to 3 ACTIVE servers.
 */
const chaos = cloudCommands({
  setup: {
    seed: 7,
    hosts: [1, 2, 3, 4].map((n) => ({ name: `compute-${n}` })),
    config: { quotas: { instances: 40, cores: 80, ram: 80 * 1024 } },
  },
  maxCommands: 30,
  weights: { create: 0, list: 0, limits: 0, invalid: 0, show: 0, update: 0, action: 6 },
});

test.prop([chaos], { numRuns: numRuns(40), seed: propertySeed() })(
  'the sample autoscaler keeps 3 servers ACTIVE',
  (program) => {
    let scaler: Autoscaler | undefined;
    const scalerOf = (system: CloudSystem) => {
      scaler ??= new Autoscaler((req) => system.request(req), {
        desired: 3,
        prefix: 'asg-web',
        auth: AUTH,
        flavorRef: '1',
        imageRef: '70a599e0-31e7-49b7-b260-868f441e862b',
      });
      return scaler;
    };
    runCloudCommands(program, {
      name: 'autoscaler keeps 3 servers',
      afterCommand: (system) => scalerOf(system).reconcile(),
      atEnd: (system) => {
        const { cloud } = system;
        // The chaos is over: every host back, no more faults.
        for (const host of cloud.hosts.list()) {
          cloud.hosts.up(host.name);
          cloud.hosts.forceDown(host.name, false);
          cloud.hosts.enable(host.name);
        }
        cloud.clearFaults();
        const autoscaler = scalerOf(system);
        for (let round = 0; round < 20 && autoscaler.activeCount() !== 3; round++) {
          autoscaler.reconcile();
          cloud.clock.advance(60_000);
        }
        expect(autoscaler.activeCount()).toBe(3);
      },
    });
  },
  TIMEOUT,
);
