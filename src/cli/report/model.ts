import type { ServerStatus } from '../../compute/status-map.js';
import type { ReplayFailure, TraceLine } from '../../scenario/trace.js';

export interface Usage {
  readonly vcpus: number;
  readonly memoryMb: number;
  readonly diskGb: number;
}

export interface Segment {
  readonly start: number;
  readonly end: number;
  readonly status: ServerStatus;
}

export interface ServerTrack {
  readonly id: string;
  readonly name: string;
  readonly segments: readonly Segment[];
}

export interface HostTrack {
  readonly name: string;
  readonly capacity: Usage;
  /** Usage from each time on (a step function), starting at 0. */
  readonly samples: readonly { readonly t: number; readonly used: Usage }[];
}

export interface RequestRow {
  readonly t: number;
  readonly step: number | undefined;
  readonly method: string;
  readonly path: string;
  /** The action of `POST …/action`. */
  readonly action: string | undefined;
  readonly code: number;
  readonly user: string;
  readonly message: string | undefined;
}

/** One check of an `expect` step, or an `until` step, with how it came out. */
export interface CheckRow {
  readonly t: number;
  readonly step: number | undefined;
  readonly kind: 'expect' | 'until';
  readonly what: string;
  readonly expected: string;
  readonly ok: boolean;
  /** `until`: the status it ended in and the virtual time it waited. */
  readonly found?: string;
}

/** What the report shows of one run, computed from its trace alone. */
export interface RunModel {
  readonly file: string;
  readonly name: string;
  readonly seed: string;
  readonly ok: boolean;
  readonly end: number;
  readonly servers: readonly ServerTrack[];
  readonly hosts: readonly HostTrack[];
  readonly requests: readonly RequestRow[];
  readonly notes: readonly { readonly t: number; readonly text: string }[];
  readonly checks: readonly CheckRow[];
  readonly failures: readonly ReplayFailure[];
}

const ZERO: Usage = { vcpus: 0, memoryMb: 0, diskGb: 0 };

function add(a: Usage, b: Usage, sign: 1 | -1): Usage {
  return {
    vcpus: a.vcpus + sign * b.vcpus,
    memoryMb: a.memoryMb + sign * b.memoryMb,
    diskGb: a.diskGb + sign * b.diskGb,
  };
}

/**
 * Reads a run's trace into timelines: each server's statuses over virtual time (from
 * `server.created` and `server.status`), each host's claimed resources (from `claim` and
 * `release`, against the capacity the trace's header and `host` lines give), the requests.
 */
export function runModel(run: {
  readonly file: string;
  readonly name: string;
  readonly seed: number | string;
  readonly ok: boolean;
  readonly failures: readonly ReplayFailure[];
  readonly trace: readonly TraceLine[];
}): RunModel {
  const end = Math.max(run.trace.at(-1)?.t ?? 0, 0);
  const servers = new Map<
    string,
    { name: string; changes: { t: number; status: ServerStatus }[] }
  >();
  const hosts = new Map<string, { capacity: Usage; samples: { t: number; used: Usage }[] }>();
  const requests: RequestRow[] = [];
  const notes: { t: number; text: string }[] = [];
  const checks: CheckRow[] = [];
  const addHost = (name: string, capacity: Usage, t: number) => {
    if (!hosts.has(name)) hosts.set(name, { capacity, samples: [{ t, used: ZERO }] });
  };
  const use = (host: string, t: number, resources: Usage, sign: 1 | -1) => {
    const track = hosts.get(host);
    if (!track) return;
    const last = track.samples.at(-1)!;
    const used = add(last.used, resources, sign);
    if (last.t === t) track.samples[track.samples.length - 1] = { t, used };
    else track.samples.push({ t, used });
  };

  for (const line of run.trace) {
    switch (line.type) {
      case 'scenario':
        for (const host of line.hosts as { name: string; capacity: Usage }[]) {
          addHost(host.name, host.capacity, 0);
        }
        break;
      case 'host':
        if (line.change === 'added' && line.capacity) {
          addHost(String(line.host), line.capacity as Usage, line.t);
        }
        break;
      case 'server.created':
        servers.set(String(line.serverId), {
          name: String(line.name),
          changes: [{ t: line.t, status: 'BUILD' }],
        });
        break;
      case 'server.status':
        servers.get(String(line.serverId))?.changes.push({
          t: line.t,
          status: line.to as ServerStatus,
        });
        break;
      case 'claim':
      case 'release':
        use(String(line.host), line.t, line.resources as Usage, line.type === 'claim' ? 1 : -1);
        break;
      case 'request':
        requests.push({
          t: line.t,
          step: line.step,
          method: String(line.method),
          path: String(line.path),
          action: line.action === undefined ? undefined : String(line.action),
          code: Number(line.code),
          user: String(line.user),
          message: line.message === undefined ? undefined : String(line.message),
        });
        break;
      case 'note':
        notes.push({ t: line.t, text: String(line.text) });
        break;
      case 'expect':
        for (const check of line.checks as { what: string; expected: string; ok: boolean }[]) {
          checks.push({
            t: line.t,
            step: line.step,
            kind: 'expect',
            what: String(check.what),
            expected: check.expected === undefined ? '' : String(check.expected),
            ok: check.ok === true,
          });
        }
        break;
      case 'until': {
        const name = servers.get(String(line.server))?.name ?? String(line.server);
        checks.push({
          t: line.t,
          step: line.step,
          kind: 'until',
          what: `server ${name} reaches ${String(line.target)}`,
          expected: String(line.target),
          ok: line.reached === true,
          found: `${line.status === undefined ? 'not found' : String(line.status)} after ${Number(line.waited)} ms`,
        });
        break;
      }
    }
  }

  return {
    file: run.file,
    name: run.name,
    seed: String(run.seed),
    ok: run.ok,
    end,
    servers: [...servers].map(([id, { name, changes }]) => ({
      id,
      name,
      segments: changes.map((change, i) => ({
        start: change.t,
        end: changes[i + 1]?.t ?? end,
        status: change.status,
      })),
    })),
    hosts: [...hosts].map(([name, track]) => ({ name, ...track })),
    requests,
    notes,
    checks,
    failures: run.failures,
  };
}
