import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configurationMarkdown } from '../../src/options/doc.js';

describe('docs/configuration.md', () => {
  it('is what the schema generates (run `npm run docs:config` after changing an option)', () => {
    expect(readFileSync('docs/configuration.md', 'utf8')).toBe(configurationMarkdown());
  });

  it('lists every option with its default', () => {
    const doc = configurationMarkdown();
    expect(doc).toContain('| `reclaimInstanceInterval` | number | `0` |');
    expect(doc).toContain('| `instances` | integer | `10` |');
    expect(doc).toContain('| `count` | integer |');
    expect(doc).toContain('| `users` |');
  });
});
