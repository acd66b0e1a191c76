import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  generatedProgram,
  generatedPrograms,
  type RequestStep,
  SETTLED,
  SLOTS,
  STEP_KINDS,
  type Step,
  VERSIONS,
} from '../../../scripts/differential/generate.mjs';

const isWait = (step: Step): step is Extract<Step, { wait: string }> => 'wait' in step;
const requests = (steps: readonly Step[]) => steps.filter((s): s is RequestStep => !isWait(s));

/** The action key of an action body, as Nova dispatches on it. */
const ACTION_KEYS: Record<string, string> = {
  stop: 'os-stop',
  start: 'os-start',
  rebootSoft: 'reboot',
  rebootHard: 'reboot',
  resetState: 'os-resetState',
  triggerCrashDump: 'trigger_crash_dump',
};

describe('generated differential programs', () => {
  it('gives the same program for the same seed, another for another seed', () => {
    expect(generatedProgram(42)).toEqual(generatedProgram(42));
    expect(generatedProgram(42).name).toBe('gen-42');
    expect(generatedProgram(43).steps).not.toEqual(generatedProgram(42).steps);
  });

  it('numbers a batch from its seed, so one program replays alone', () => {
    const batch = generatedPrograms(3, 10);
    expect(batch.map((p) => p.name)).toEqual(['gen-10', 'gen-11', 'gen-12']);
    expect(batch[2]).toEqual(generatedProgram(12));
  });

  it('uses only the vocabulary the Nova driver replays', () => {
    const validKeys = new Set(ACTIONS.map((a) => ACTION_KEYS[a] ?? a));
    for (const program of generatedPrograms(20, 1)) {
      const steps = program.steps;
      // Every slot is booted first, by its project member, at the newest version.
      expect(steps.slice(0, 2 * SLOTS).filter(isWait)).toHaveLength(SLOTS);
      for (const step of requests(steps)) {
        expect(STEP_KINDS).toContain(step.kind);
        expect(['admin', 'member', 'reader', 'other']).toContain(step.as);
        expect(['GET', 'POST', 'PUT', 'DELETE']).toContain(step.method);
        expect(VERSIONS).toContain(step.version);
        expect(step.path).toMatch(/^\/servers(\/|\?|$)/);
        if (step.kind === 'action') {
          const keys = Object.keys(step.body as object);
          expect(keys).toHaveLength(1);
          expect(validKeys).toContain(keys[0]);
        }
      }
      for (const step of steps.filter(isWait)) {
        expect(step.wait).toMatch(/^\$s\d$/);
        expect(step.status).toEqual(SETTLED);
      }
      // Programs are plain JSON: the Python driver reads the very same list.
      expect(JSON.parse(JSON.stringify(steps))).toEqual(steps);
    }
  });

  it('puts deliberately wrong steps among the valid ones', () => {
    const kinds = new Set(
      generatedPrograms(10, 1).flatMap((p) => requests(p.steps).map((s) => s.kind)),
    );
    expect(kinds).toContain('badAction');
    expect(kinds).toContain('badBoot');
    const personas = new Set(
      generatedPrograms(10, 1).flatMap((p) => requests(p.steps).map((s) => s.as)),
    );
    expect([...personas].sort()).toEqual(['admin', 'member', 'other', 'reader']);
  });
});
