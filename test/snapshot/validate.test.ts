import { describe, expect, it } from 'vitest';
import { type CloudSnapshot, createCloud } from '../../src/cloud.js';
import { isSnapshotError } from '../../src/snapshot/validate.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

/** A cloud with two active servers and one mid-resize, as plain JSON to corrupt. */
// biome-ignore lint/suspicious/noExplicitAny: each test corrupts a different field of the plain JSON.
function saved(): Record<string, any> {
  const cloud = createCloud({ seed: 3 });
  const headers = { 'OpenStack-API-Version': 'compute 2.37' };
  const ids: string[] = [];
  for (const name of ['a', 'b']) {
    const res = cloud.request({
      method: 'POST',
      path: '/v2.1/servers',
      headers,
      body: { server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'auto' } },
    });
    ids.push(res.body.server.id);
  }
  cloud.clock.advance(60_000);
  cloud.request({
    method: 'POST',
    path: `/v2.1/servers/${ids[0]}/action`,
    body: { resize: { flavorRef: '2' } },
  });
  return JSON.parse(JSON.stringify(cloud.snapshot()));
}

function refusal(snapshot: unknown): string {
  try {
    createCloud({ restore: snapshot as CloudSnapshot });
  } catch (error) {
    expect(isSnapshotError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('the snapshot was restored');
}

describe('a corrupt snapshot is refused with what is wrong', () => {
  it('restores an intact snapshot', () => {
    expect(createCloud({ restore: saved() as CloudSnapshot }).compute.servers.size).toBe(2);
  });

  it('version 2', () => {
    const s = saved();
    s.version = 2;
    expect(refusal(s)).toMatch(/version 2 is not supported/);
  });

  it('not an object (a truncated file parsed to nothing useful)', () => {
    expect(refusal(null)).toMatch(/not a JSON object/);
    expect(refusal([])).toMatch(/not a JSON object/);
  });

  it('a missing part, as a truncated save would leave', () => {
    const s = saved();
    delete s.servers;
    expect(refusal(s)).toMatch(/servers/);
  });

  it('duplicate server ids', () => {
    const s = saved();
    s.servers[1].id = s.servers[0].id;
    expect(refusal(s)).toMatch(/duplicate server id/);
  });

  it('duplicate row ids', () => {
    const s = saved();
    s.servers[1].dbId = s.servers[0].dbId;
    expect(refusal(s)).toMatch(/repeats row id/);
  });

  it('wrong types', () => {
    const s = saved();
    s.servers[0].flavor.vcpus = '4';
    expect(refusal(s)).toMatch(/\/servers\/0\/flavor\/vcpus must be integer/);
    const t = saved();
    t.clock.now = 'soon';
    expect(refusal(t)).toMatch(/\/clock\/now must be number/);
  });

  it('a machine state that does not exist', () => {
    const s = saved();
    s.servers[1].machine.value = { levitating: 'idle' };
    expect(refusal(s)).toMatch(/vm_state "levitating", which does not exist/);
    const t = saved();
    t.servers[1].machine.value = { active: 'dreaming' };
    expect(refusal(t)).toMatch(/machine state \{"active":"dreaming"\}, which does not exist/);
  });

  it('a server on a host that is not there', () => {
    const s = saved();
    s.servers[1].host = 'ghost-7';
    expect(refusal(s)).toMatch(/host ghost-7, which is not in the snapshot/);
  });

  it('a lost server whose claims stay counted (usage does not add up)', () => {
    const s = saved();
    s.servers.splice(1, 1);
    expect(refusal(s)).toMatch(/usage does not add up/);
  });

  it('a pending step on a timer the clock lacks', () => {
    const s = saved();
    const waiting = s.servers.find((server: { pending?: unknown }) => server.pending);
    expect(waiting).toBeDefined();
    s.clock.timers = [];
    expect(refusal(s)).toMatch(/waits on timer/);
  });
});
