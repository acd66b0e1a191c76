import { join } from 'node:path';
import { reportHtml } from '../../src/cli/report/html.js';
import { readScenarioFile } from '../../src/scenario/load.js';
import { replay } from '../../src/scenario/run.js';
import { ROOT } from './files.js';

/** Two shipped scenarios, replayed, and the report of both. */
export const REPORT_FILES = ['scenarios/tour.json', 'scenarios/server-group-anti-affinity.json'];
export const REPORT_RUNS = REPORT_FILES.map((file) =>
  replay(readScenarioFile(join(ROOT, file)), { file }),
);
export const REPORT_HTML = reportHtml(REPORT_RUNS);

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const create = (name: string) => ({
  request: {
    method: 'POST',
    path: '/v2.1/servers',
    body: { server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
  },
  save: { [name]: '/server/id' },
});

/**
 * An hour of virtual time in which a soft reboot lasts seconds, one server is soft-deleted
 * (then reclaimed) and one force-deleted, with expect and until steps, one of which fails.
 */
export const HOUR_SCENARIO = {
  name: 'an hour, with a reboot of seconds',
  seed: 5,
  microversion: 'latest',
  hosts: { count: 1 },
  config: { reclaimInstanceInterval: 1800 },
  steps: [
    create('web'),
    create('gone'),
    create('kept'),
    { until: { server: '${web}', status: 'ACTIVE', timeout: 'PT5M' } },
    { until: { server: '${kept}', status: 'ACTIVE', timeout: 'PT5M' } },
    { advance: 'PT10M' },
    {
      request: {
        method: 'POST',
        path: '/v2.1/servers/${web}/action',
        body: { reboot: { type: 'SOFT' } },
      },
    },
    { expect: { code: 202, server: '${web}', status: 'REBOOT' } },
    { until: { server: '${web}', status: 'ACTIVE', timeout: 'PT1M' } },
    { request: { method: 'DELETE', path: '/v2.1/servers/${kept}' } },
    { request: { method: 'DELETE', path: '/v2.1/servers/${gone}' } },
    { advance: 'PT10S' },
    {
      request: {
        method: 'POST',
        path: '/v2.1/servers/${gone}/action',
        body: { forceDelete: null },
      },
    },
    { advance: 'PT10S' },
    { expect: { server: '${kept}', status: 'SOFT_DELETED' } },
    { advance: 'PT50M' },
    { expect: { server: '${web}', status: 'SHUTOFF' } },
  ],
};
export const HOUR_RUN = replay(HOUR_SCENARIO, { file: 'hour.json' });
