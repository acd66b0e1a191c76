import { describe, expect, it } from 'vitest';
import { serveOptions } from '../../src/http/serve-command.js';
import { jsonErrorMessage } from '../../src/scenario/json-error.js';
import { loadScenario } from '../../src/scenario/load.js';

function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error('parsed');
}

describe('JSON errors name the line and column', () => {
  it('points at the offending character', () => {
    const text = '{\n  "seed": 1,\n  "hosts": }\n';
    expect(jsonErrorMessage(text, parseError(text))).toBe(
      "line 3, column 12: Unexpected token '}'",
    );
  });

  it('points past the last character when the input ends early', () => {
    const text = '{\n  "seed": 1,';
    expect(jsonErrorMessage(text, parseError(text))).toMatch(/^line 2, column 13: /);
  });
});

describe('scenario steps', () => {
  it('names an unknown step kind, with the near miss', () => {
    expect(() => loadScenario({ steps: [{ advanse: 'PT1M' }] }, { file: 's.json' })).toThrow(
      'unknown step kind "advanse"; did you mean "advance"?',
    );
  });
});

describe('--speed', () => {
  it.each(['0', '-1', 'fast', ''])('refuses %j in words a person reads', (speed) => {
    expect(() => serveOptions([`--speed=${speed}`])).toThrow(
      `--speed must be a number above 0 (virtual seconds per wall second, e.g. 60); got '${speed}'`,
    );
  });
});
