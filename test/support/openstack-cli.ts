// The real `openstack` CLI (Debian's python3-openstackclient) driven against a served
// cloud: the shared plumbing of the end-to-end CLI tests. vitest.config.ts runs those
// files only with NOVA_SIM_E2E set; then a missing CLI fails the run.
import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { expect } from 'vitest';
import { cloudsYaml } from '../../src/http/banner.js';
import type { SimServer } from '../../src/http/server.js';
import { tempDir } from './temp-dir.js';

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/** The `openstack` executable, or undefined when the CLI is not installed. */
export const OPENSTACK = findOnPath('openstack');

/** The Python the CLI runs on (its shebang), which is the one that has openstacksdk. */
export function cliPython(): string {
  if (!OPENSTACK) return 'python3';
  const shebang = readFileSync(OPENSTACK, 'utf8').split('\n')[0] ?? '';
  return shebang.replace(/^#!\s*/, '').split(' ')[0] || 'python3';
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command with `env`; never rejects, a failure is a non-zero code. */
export function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeout = 60_000,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(command, [...args], { env, timeout }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    // An open stdin that is not a terminal is data to `openstack image create`: close it.
    child.stdin?.end();
  });
}

/** A clean HOME holding the server's clouds.yaml, and the CLI aimed at one of its clouds. */
export interface CliSession {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  /** `openstack --os-cloud <cloud> ...args`; a null cloud takes the credentials from args. */
  os(args: readonly string[], cloud?: string | null): Promise<Run>;
  /** The same with `-f json`, asserting a clean exit, and the output parsed. */
  // biome-ignore lint/suspicious/noExplicitAny: each test asserts the CLI's fields itself.
  osJson(args: readonly string[], cloud?: string | null): Promise<any>;
  /** The same without output, asserting a clean exit and an empty stderr. */
  osOk(args: readonly string[], cloud?: string | null): Promise<void>;
}

/**
 * Writes the server's clouds.yaml into a fresh temporary HOME and returns the CLI aimed at
 * `defaultCloud`, with every `OS_*` variable of the test process removed.
 */
export function cliSession(server: SimServer, defaultCloud = 'nova-sim'): CliSession {
  if (!OPENSTACK)
    throw new Error('`openstack` is not on PATH: apt-get install python3-openstackclient');
  const dir = tempDir('e2e');
  const file = join(dir, 'clouds.yaml');
  writeFileSync(file, cloudsYaml(server.endpoints, server.identity.directory));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OS_')));
  env.OS_CLIENT_CONFIG_FILE = file;
  env.HOME = dir;
  const openstack = OPENSTACK;
  const os = (args: readonly string[], cloud: string | null = defaultCloud) =>
    run(openstack, [...(cloud === null ? [] : ['--os-cloud', cloud]), ...args], env);
  return {
    dir,
    env,
    os,
    async osJson(args, cloud) {
      const result = await os([...args, '-f', 'json'], cloud);
      expect(result.stderr.trim()).not.toMatch(/error|HTTP \d/i);
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout);
    },
    async osOk(args, cloud) {
      const result = await os(args, cloud);
      expect(result.stderr.trim()).toBe('');
      expect(result.code).toBe(0);
    },
  };
}
