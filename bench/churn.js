// Memory under endless churn: servers created, built, deleted and archived through
// `cloud.request`, round after round. A deleted server's row stays until it is archived
// (`deletedServerRetention`, a day by default, as Nova keeps rows until
// `nova-manage db archive_deleted_rows`); after that it must cost next to nothing, and the
// heap must not grow from one round of churn to the next.
// Run after `npm run build`: node bench/churn.js   (BENCH_CHURN_SERVERS=20000, BENCH_CHURN_ROUNDS=3)
import { createCloud, SAMPLE_PROJECT_ID } from '../dist/index.js';
import { createReport, ensureGc, gcNow } from './lib.js';

const SERVERS = Number(process.env.BENCH_CHURN_SERVERS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_CHURN_ROUNDS ?? 3);
const BATCH = 1000;
const SETTLE_MS = 60_000;
/** Past the default retention (a day), so the next request archives every deleted row. */
const PAST_RETENTION_MS = 2 * 86_400_000;
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const BODY = { server: { name: 'churn', imageRef: IMAGE, flavorRef: '1' } };
/** An ACTIVE server holds ~1.5 KB: an archived one may keep at most 2% of that. */
const ARCHIVED_MAX_BYTES = 32;
/** A round of churn may leave at most this share of the first round's deleted rows. */
const GROWTH_MAX = 0.02;

function churnCloud() {
  const cloud = createCloud({
    seed: 5,
    hosts: { count: 16, vcpus: 1_000_000, memoryMb: 1_000_000_000, diskGb: 1_000_000_000 },
    config: { quotas: { instances: -1, cores: -1, ram: -1 } },
  });
  const quota = cloud.request({
    service: 'network',
    method: 'PUT',
    path: `/v2.0/quotas/${SAMPLE_PROJECT_ID}`,
    body: { quota: { port: -1 } },
    auth: { roles: ['admin'] },
  });
  if (quota.status !== 200) throw new Error(`port quota answered ${quota.status}`);
  return cloud;
}

/** Creates, builds and deletes `count` servers; their rows stay, deleted. */
function churn(cloud, count) {
  for (let done = 0; done < count; done += BATCH) {
    const ids = [];
    for (let i = 0; i < BATCH; i++) {
      const res = cloud.request({ method: 'POST', path: '/v2.1/servers', body: BODY });
      if (res.status !== 202) throw new Error(`create answered ${res.status}`);
      ids.push(res.body.server.id);
    }
    cloud.clock.advance(SETTLE_MS);
    for (const id of ids) {
      const res = cloud.request({ method: 'DELETE', path: `/v2.1/servers/${id}` });
      if (res.status !== 204) throw new Error(`delete answered ${res.status}`);
    }
    cloud.clock.advance(SETTLE_MS);
  }
}

/** Moves the clock past the retention; the next request archives the deleted rows. */
function archive(cloud) {
  cloud.clock.advance(PAST_RETENTION_MS);
  const res = cloud.request({ method: 'GET', path: '/v2.1/servers' });
  if (res.status !== 200 || res.body.servers.length !== 0) throw new Error('servers left');
}

function heap() {
  gcNow();
  return process.memoryUsage().heapUsed;
}

function main() {
  const report = createReport('churn');
  const cloud = churnCloud();
  // One round first, so that what a cloud builds once (schemas, views, pools) is counted out.
  churn(cloud, BATCH);
  archive(cloud);
  const base = heap();
  churn(cloud, SERVERS);
  const retained = heap();
  archive(cloud);
  const archived = heap();
  report.add(`heap per deleted server, kept (retention)`, (retained - base) / SERVERS, 'bytes', {
    note: `${SERVERS} servers`,
  });
  const perArchived = (archived - base) / SERVERS;
  report.add('heap per archived server', perArchived, 'bytes', {
    target: `≤ ${ARCHIVED_MAX_BYTES} B`,
    holds: perArchived <= ARCHIVED_MAX_BYTES,
  });
  for (let round = 1; round < ROUNDS; round++) {
    churn(cloud, SERVERS);
    archive(cloud);
  }
  const growth = (heap() - archived) / (retained - base);
  report.add(`heap growth over ${ROUNDS - 1} more rounds of churn`, growth * 100, '%', {
    floor: 100,
    note: "of one round's kept rows",
    target: `≤ ${GROWTH_MAX * 100}%`,
    holds: growth <= GROWTH_MAX,
  });
  report.done({ servers: SERVERS, rounds: ROUNDS });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureGc(import.meta.url);
  main();
}
