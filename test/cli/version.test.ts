import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.js';
import type { CliIo } from '../../src/cli/io.js';

function run(argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    stderrIsTTY: false,
    color: false,
  };
  return { code: main(argv, io), ...out };
}

describe('nova-sim --version', () => {
  it("prints package.json's version and exits 0", () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});
