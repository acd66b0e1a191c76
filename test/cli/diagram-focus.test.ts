import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.js';
import { serverDiagram } from '../../src/cli/diagram.js';

/** The `a --> b : LABEL` lines of a Mermaid diagram, and its declared states. */
function parse(mermaid: string) {
  const edges = [...mermaid.matchAll(/^ {2}(\w+) --> (\w+)(?: : (.*))?$/gm)].map((m) => ({
    from: m[1]!,
    to: m[2]!,
    label: m[3] ?? '',
  }));
  const states = new Map(
    [...mermaid.matchAll(/^ {2}state "(\w+) · [^"]+" as (\w+)$/gm)].map((m) => [m[2]!, m[1]!]),
  );
  return { edges, states };
}

function cli(argv: string[]) {
  let out = '';
  let err = '';
  const code = main(['diagram', ...argv], {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    stderrIsTTY: false,
    color: false,
  });
  return { code, out, err };
}

describe('nova-sim diagram --around STATUS', () => {
  const whole = parse(serverDiagram('mermaid'));
  const around = parse(serverDiagram('mermaid', { around: 'verify_resize' }));

  it('keeps the states of the status and those one step away, a readable handful', () => {
    const core = [...around.states].filter(([, status]) => status === 'VERIFY_RESIZE');
    expect(core.map(([id]) => id).sort()).toEqual(
      ['resized_confirming', 'resized_idle', 'resized_powering_off'].sort(),
    );
    expect(around.states.size).toBeLessThan(12);
    expect(whole.states.size).toBeGreaterThan(100);
    // Every edge touches the status; every state drawn is on such an edge.
    for (const edge of around.edges) {
      const touches = [edge.from, edge.to].some((id) => around.states.get(id) === 'VERIFY_RESIZE');
      expect(touches, `${edge.from} --> ${edge.to}`).toBe(true);
    }
    const onEdges = new Set(around.edges.flatMap((e) => [e.from, e.to]));
    expect([...around.states.keys()].every((id) => onEdges.has(id))).toBe(true);
    expect(around.edges).toContainEqual({
      from: 'resized_idle',
      to: 'resized_confirming',
      label: 'CONFIRM_RESIZE',
    });
    expect(around.edges).toContainEqual({
      from: 'active_resize_finish',
      to: 'resized_idle',
      label: '',
    });
  });

  it('takes every edge of the whole diagram that touches the status', () => {
    const touching = whole.edges.filter(
      (e) =>
        whole.states.get(e.from) === 'VERIFY_RESIZE' || whole.states.get(e.to) === 'VERIFY_RESIZE',
    );
    expect(around.edges).toEqual(touching);
  });
});

describe('nova-sim diagram --action EVENT', () => {
  const hard = parse(serverDiagram('mermaid', { action: 'REBOOT_HARD' }));

  it('draws the states that take the event and the timed steps until the server rests', () => {
    const labels = new Set(hard.edges.map((e) => e.label));
    expect([...labels].sort()).toEqual(['', 'REBOOT_HARD']);
    const chain = [
      'active_rebooting_hard',
      'active_reboot_pending_hard',
      'active_reboot_started_hard',
      'active_idle',
    ];
    for (let i = 0; i + 1 < chain.length; i++) {
      expect(hard.edges).toContainEqual({ from: chain[i], to: chain[i + 1], label: '' });
    }
    expect(hard.edges).toContainEqual({
      from: 'stopped_idle',
      to: 'stopped_rebooting_hard',
      label: 'REBOOT_HARD',
    });
    expect(hard.states.size).toBeLessThan(40);
  });

  it('walks events that the whole diagram only summarises, such as DELETE', () => {
    const deleted = parse(serverDiagram('mermaid', { action: 'delete' }));
    expect(deleted.edges.some((e) => e.to === 'deleted')).toBe(true);
    expect(deleted.edges.some((e) => e.label === 'DELETE')).toBe(true);
  });

  it('writes DOT too', () => {
    const dot = serverDiagram('dot', { around: 'RESCUE' });
    expect(dot).toContain('"rescued.idle" -> "rescued.unrescuing" [label="UNRESCUE"]');
    expect(dot).not.toContain('start ->');
    expect((dot.match(/\{/g) ?? []).length).toBe((dot.match(/\}/g) ?? []).length);
  });
});

describe('the CLI', () => {
  it('prints the focused diagram', () => {
    const { code, out } = cli(['--around', 'SHELVED_OFFLOADED']);
    expect(code).toBe(0);
    expect(out).toContain(
      'state "SHELVED_OFFLOADED · shelved_offloaded/idle" as shelved_offloaded_idle',
    );
  });

  it('names a near miss and exits 2', () => {
    const status = cli(['--around', 'ACTIV']);
    expect(status.code).toBe(2);
    expect(status.err).toMatch(/no state of the machine shows status ACTIV; did you mean ACTIVE\?/);
    const event = cli(['--action', 'REBOT_HARD']);
    expect(event.code).toBe(2);
    expect(event.err).toMatch(/no event REBOT_HARD; did you mean REBOOT_HARD\?/);
  });
});
