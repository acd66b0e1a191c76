import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createCloud } from '../../src/cloud.js';
import { writeCloudsYaml } from '../../src/http/clouds-yaml-file.js';
import { createDirectory } from '../../src/http/identity/directory.js';
import { serveCommand } from '../../src/http/serve-command.js';
import type { Endpoints } from '../../src/http/types.js';
import { tempDir } from '../support/temp-dir.js';

const base = 'http://127.0.0.1:8774';
const endpoints: Endpoints = {
  base,
  identity: `${base}/identity`,
  compute: `${base}/compute/v2.1`,
  image: `${base}/image`,
  network: `${base}/network`,
  volume: `${base}/volume`,
  control: `${base}/_sim`,
};
const directory = createDirectory(() => createCloud().identity);
const tmp = () => tempDir('clouds');

type Clouds = { clouds: Record<string, { auth: { auth_url: string; username: string } }> };

describe('writeCloudsYaml', () => {
  it('creates the file and its folders', () => {
    const path = join(tmp(), 'a', 'b', 'clouds.yaml');
    expect(writeCloudsYaml(path, endpoints, directory)).toEqual(['nova-sim', 'nova-sim-admin']);
    const written = parse(readFileSync(path, 'utf8')) as Clouds;
    expect(written.clouds['nova-sim']!.auth).toMatchObject({
      auth_url: `${base}/identity`,
      username: 'demo',
    });
  });

  it('keeps other clouds, keys and comments, and replaces only its own', () => {
    const path = join(tmp(), 'clouds.yaml');
    writeFileSync(
      path,
      [
        '# my clouds',
        'clouds:',
        '  prod:',
        '    auth:',
        '      auth_url: https://keystone.prod.example:5000  # do not touch',
        '      username: me',
        '  nova-sim:',
        '    auth:',
        '      auth_url: http://127.0.0.1:1/identity',
        '      username: old',
        'cache:',
        '  expiration_time: 60',
        '',
      ].join('\n'),
    );
    writeCloudsYaml(path, endpoints, directory);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('# my clouds');
    expect(text).toContain('# do not touch');
    const written = parse(text) as Clouds & { cache: unknown };
    expect(Object.keys(written.clouds)).toEqual(['prod', 'nova-sim', 'nova-sim-admin']);
    expect(written.clouds.prod!.auth.username).toBe('me');
    expect(written.clouds['nova-sim']!.auth.auth_url).toBe(`${base}/identity`);
    expect(written.cache).toEqual({ expiration_time: 60 });
  });

  it('refuses a file that is not YAML or has no clouds mapping, and leaves it alone', () => {
    for (const content of ['clouds: [unclosed', 'clouds:\n  - a list\n']) {
      const path = join(tmp(), 'clouds.yaml');
      writeFileSync(path, content);
      expect(() => writeCloudsYaml(path, endpoints, directory)).toThrow(/clouds\.yaml/);
      expect(readFileSync(path, 'utf8')).toBe(content);
    }
  });
});

describe('nova-sim serve --write-clouds-yaml', () => {
  async function serveOnce(argv: string[], env: Record<string, string> = {}) {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const out: string[] = [];
    const stop = new AbortController();
    try {
      const code = await serveCommand(
        ['--port', '0', ...argv],
        { stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => true } },
        { signal: stop.signal, onReady: () => stop.abort() },
      );
      return { code, out: out.join('') };
    } finally {
      process.env = saved;
    }
  }

  it('writes to the path given, with the bound port', async () => {
    const path = join(tmp(), 'clouds.yaml');
    const { code, out } = await serveOnce(['--write-clouds-yaml', path, '--clock', 'manual']);
    expect(code).toBe(0);
    expect(out).toContain(`Wrote clouds nova-sim, nova-sim-admin to ${path}`);
    const url = (parse(readFileSync(path, 'utf8')) as Clouds).clouds['nova-sim']!.auth.auth_url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/identity$/);
    expect(url).not.toBe('http://127.0.0.1:0/identity');
  });

  it("defaults to ~/.config/openstack/clouds.yaml under the user's HOME", async () => {
    const home = tmp();
    const { code } = await serveOnce(['--write-clouds-yaml'], { HOME: home });
    expect(code).toBe(0);
    const written = parse(
      readFileSync(join(home, '.config', 'openstack', 'clouds.yaml'), 'utf8'),
    ) as Clouds;
    expect(Object.keys(written.clouds)).toEqual(['nova-sim', 'nova-sim-admin']);
  });
});
