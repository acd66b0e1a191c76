import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isScenarioError, ScenarioError } from '../../src/scenario/errors.js';
import { isLoadedScenario, loadScenario, readScenarioFile } from '../../src/scenario/load.js';
import { tempDir } from '../support/temp-dir.js';

const CREATE = {
  request: {
    method: 'POST',
    path: '/v2.1/servers',
    body: { server: { name: 'web-1', imageRef: 'x', flavorRef: '1' } },
  },
  save: { web: '/server/id' },
};

/** The problems loadScenario reports for `input`, as [step, pointer, message] triples. */
function problems(input: unknown, file = 'bad.json'): [number | undefined, string, string][] {
  try {
    loadScenario(input, { file });
  } catch (error) {
    expect(isScenarioError(error)).toBe(true);
    const scenarioError = error as ScenarioError;
    expect(scenarioError.file).toBe(file);
    return scenarioError.problems.map((p) => [p.step, p.pointer, p.message]);
  }
  throw new Error('loadScenario accepted it');
}

describe('loadScenario', () => {
  it('accepts a valid scenario and marks the copy as loaded', () => {
    const input = { seed: 1, steps: [CREATE, { until: { server: '${web}', status: 'ACTIVE' } }] };
    const scenario = loadScenario(input);
    expect(scenario).toEqual(input);
    expect(scenario).not.toBe(input);
    expect(isLoadedScenario(scenario)).toBe(true);
    expect(isLoadedScenario(input)).toBe(false);
  });

  it('names the file, the step index and the JSON Pointer of a schema error', () => {
    const steps = [{ request: { method: 'FETCH', path: '/servers' } }];
    expect(problems({ steps })).toEqual([
      [0, '/steps/0/request/method', expect.stringContaining('must be one of "GET"')],
    ]);
    try {
      loadScenario({ steps }, { file: 'x.json' });
    } catch (error) {
      expect((error as Error).message).toMatch(
        /^x\.json: step 0 \(\/steps\/0\/request\/method\): must be one of/,
      );
      expect((error as ScenarioError).step).toBe(0);
      expect((error as ScenarioError).pointer).toBe('/steps/0/request/method');
    }
  });

  it('reports every bad step, each at its own pointer', () => {
    const found = problems({
      steps: [
        { advance: 'PT' },
        { advance: 5, note: 'two kinds' },
        { wait: 5 },
        { expect: { server: 'web', status: 'RUNNING' } },
        { host: { reboot: 'compute-1' } },
        { expect: { status: 'ACTIVE' } },
      ],
    });
    expect(found.map(([step, pointer]) => [step, pointer])).toEqual([
      [0, '/steps/0/advance'],
      [1, '/steps/1'],
      [2, '/steps/2'],
      [3, '/steps/3/expect/status'],
      [4, '/steps/4/host/reboot'],
      [5, '/steps/5/expect'],
    ]);
    expect(found[0]![2]).toMatch(/ISO-8601 duration/);
    expect(found[1]![2]).toMatch(/has one kind, this one has advance and note/);
    expect(found[2]![2]).toMatch(/a step needs one of: request, advance/);
    expect(found[4]![2]).toBe('unknown property "reboot"');
    expect(found[5]![2]).toMatch(/server/);
  });

  it('reports top-level errors with a pointer and no step', () => {
    expect(problems({ seed: 1.5, hosts: { count: 'two' }, steps: [], extra: 1 })).toEqual([
      [undefined, '/seed', 'must be integer or string'],
      [undefined, '/hosts/count', 'must be integer'],
      [undefined, '/extra', 'unknown property "extra"'],
    ]);
    expect(problems({})).toEqual([[undefined, '', 'missing required property "steps"']]);
  });

  it('refuses a ${name} no earlier step saves, at the string that uses it', () => {
    const found = problems({
      steps: [
        { request: { method: 'GET', path: '/v2.1/servers/${web}' } },
        CREATE,
        { expect: { server: '${web}', status: 'ACTIVE', host: '${hots}' } },
      ],
    });
    expect(found).toEqual([
      [0, '/steps/0/request/path', 'unknown ${web}: no earlier step saves it'],
      [2, '/steps/2/expect/host', 'unknown ${hots}: no earlier step saves it (known: web)'],
    ]);
  });

  it('lets a request check what it saves itself, and knows vars from the start', () => {
    const scenario = {
      vars: { flavor: '1' },
      steps: [
        {
          ...CREATE,
          request: { ...CREATE.request, path: '/v2.1/servers?f=${flavor}' },
          expect: { code: 202, body: { '/server/id': '${web}' } },
        },
      ],
    };
    expect(() => loadScenario(scenario)).not.toThrow();
    expect(() => loadScenario({ steps: [{ note: '$${literal} is no reference' }] })).not.toThrow();
  });

  it('refuses steps that cannot run: unknown users and hosts, checks before a response', () => {
    const found = problems({
      hosts: { count: 2 },
      users: { alice: { project: 'demo' } },
      user: 'carol',
      steps: [
        { expect: { code: 202 } },
        { request: { method: 'GET', path: '/v2.1/servers', user: 'bob' } },
        { host: { down: 'compute-3' } },
        { host: { add: { name: 'compute-3' } } },
        { host: { down: 'compute-3' } },
        { host: { add: { name: 'compute-1' } } },
        { fault: { kind: 'host-down', host: 'compute-9', after: 'PT1M' } },
        {
          request: {
            method: 'GET',
            path: '/',
            user: 'alice',
            auth: { projectId: 'p', userId: 'u', roles: [] },
          },
        },
      ],
    });
    expect(found).toEqual([
      [undefined, '/user', 'unknown user "carol" (known: member, admin, alice)'],
      [0, '/steps/0/expect/code', 'no request has been made yet: there is no response'],
      [1, '/steps/1/request/user', 'unknown user "bob" (known: member, admin, alice)'],
      [2, '/steps/2/host/down', 'no host named "compute-3" (hosts: compute-1, compute-2)'],
      [5, '/steps/5/host/add/name', 'host "compute-1" exists already'],
      [
        6,
        '/steps/6/fault/host',
        'no host named "compute-9" (hosts: compute-1, compute-2, compute-3)',
      ],
      [7, '/steps/7/request', 'give either "user" or "auth", not both'],
    ]);
  });

  it('accepts the old status spellings and refuses unknown ones', () => {
    const steps = (status: string) => [CREATE, { expect: { server: '${web}', status } }];
    for (const status of ['BUILDING', 'RESCUED', 'STOPPED', 'SHELVED_OFFLOADED']) {
      expect(() => loadScenario({ steps: steps(status) }), status).not.toThrow();
    }
    expect(problems({ steps: steps('RUNNING') })[0]?.[1]).toBe('/steps/1/expect/status');
  });

  it('checks regular expressions and JSON Pointers', () => {
    const found = problems({
      steps: [
        CREATE,
        { expect: { body: { 'server/id': 'x' } } },
        { expect: { body: { '/server/name': { match: '(' } } } },
      ],
    });
    expect(found.map(([step, pointer]) => [step, pointer])).toEqual([
      [1, '/steps/1/expect/body/server~1id'],
      [2, '/steps/2/expect/body/~1server~1name/match'],
    ]);
  });
});

describe('readScenarioFile', () => {
  const dir = tempDir('load');

  it('names a missing file', () => {
    const path = join(dir, 'missing.json');
    expect(() => readScenarioFile(path)).toThrow(`${path}: (/): no such file`);
  });

  it('names a file that is not JSON', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "steps": [ }');
    expect(() => readScenarioFile(path)).toThrow(
      /broken\.json: \(\/\): not JSON at line \d+, column \d+: /,
    );
  });

  it('names the file in schema errors', () => {
    const path = join(dir, 'invalid.json');
    writeFileSync(path, JSON.stringify({ steps: [{ advance: -1 }] }));
    expect(() => readScenarioFile(path)).toThrow(
      new ScenarioError(path, [
        {
          pointer: '/steps/0/advance',
          step: 0,
          message: 'must be a number of ms or an ISO-8601 duration such as "PT5M"',
        },
      ]).message,
    );
  });
});
