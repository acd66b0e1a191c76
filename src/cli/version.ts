import { readFileSync } from 'node:fs';

/**
 * The installed package's version, read from its package.json: src/cli and dist/cli both
 * sit two folders below it.
 *
 * @example
 * packageVersion(); // '0.1.0'
 */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
