// npm run differential: replays the same request programs on real Nova (in-process, through
// nova_driver.py and Nova's functional-test harness) and on the simulator, then reports
// where they disagree: status codes, fault texts, recursive key sets, statuses reached.
//
//   node scripts/differential/run.mjs [--only NAME] [--nova RESULTS.json] [--out DIR]
//   node scripts/differential/run.mjs --generate N [--seed S]   # generated programs
//
// --generate N runs the programs of seeds S … S+N-1 (generate.mjs) instead of the
// hand-written ones; `--generate 1 --seed S` replays one of them alone. --programs FILE
// replays the programs.json an earlier run wrote into its --out directory.
//
// --shrink [ROUNDS] shrinks each disagreeing program on Nova before writing its scenario
// (shrink.mjs; at most ROUNDS batches, 4 by default).
//
// --nova A.json[,B.json] reuses Nova's answers from earlier runs (nova_driver.py writes them
// after each program; a program takes Nova one to five minutes on 2 busy cores). Programs
// without an answer are left out of the figures.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCloud } from '../../dist/index.js';
import { compareStep } from './compare.mjs';
import { generatedPrograms } from './generate.mjs';
import { classify } from './known.mjs';
import { IMAGE, OTHER_PROJECT, PERSONAS, PROJECT } from './personas.mjs';
import { programs } from './programs.mjs';
import { toScenario } from './scenario.mjs';
import { shrinkProgram } from './shrink.mjs';
import { sortGroups } from './ties.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

function option(name) {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

function substitute(value, env) {
  if (typeof value === 'string') return value.replace(/\$([A-Za-z_]\w*)/g, (m, k) => env[k] ?? m);
  if (Array.isArray(value)) return value.map((v) => substitute(v, env));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, env)]));
  }
  return value;
}

/** The program variable of the server a step is about (`$s1` in its path, or its boot's save). */
function slotOf(step) {
  const at = 'wait' in step ? step.wait : step.path;
  return at.match(/^(?:\/servers\/)?\$([A-Za-z_]\w*)/)?.[1] ?? Object.keys(step.save ?? {})[0];
}

function pick(body, path) {
  let at = body;
  for (const part of path.split('.')) at = at?.[part];
  return at;
}

/** The simulator's side: one roomy host named as Nova's harness names its compute. */
function runSim(program) {
  const cloud = createCloud({
    seed: 1,
    hosts: [{ name: 'compute', vcpus: 1000, memoryMb: 800000, diskGb: 600000 }],
    // Nova's test config turns periodic tasks off (tests/fixtures/conf.py periodic_enable),
    // so nothing syncs power states there.
    config: { maxMicroversion: '2.93', allowResizeToSameHost: true, syncPowerStateInterval: -1 },
  });
  const env = { image: IMAGE, project: PROJECT, other_project: OTHER_PROJECT };
  const status = (id) => {
    const res = cloud.request({
      method: 'GET',
      path: `/v2.1/servers/${id}`,
      auth: PERSONAS.admin,
    });
    return res.status === 404 ? 'DELETED' : res.body.server.status;
  };
  return program.steps.map((step) => {
    if ('wait' in step) {
      const id = substitute(step.wait, env);
      const wanted = [step.status].flat();
      for (let i = 0; i < 3600 && !wanted.includes(status(id)); i++) cloud.clock.advance(1000);
      return { status: status(id) };
    }
    const res = cloud.request({
      method: step.method,
      path: `/v2.1${substitute(step.path, env)}`,
      headers: step.version ? { 'OpenStack-API-Version': `compute ${step.version}` } : {},
      ...('body' in step ? { body: substitute(step.body, env) } : {}),
      auth: PERSONAS[step.as ?? 'member'],
    });
    for (const [name, path] of Object.entries(step.save ?? {})) {
      // A refused boot saves nothing: the variable keeps its earlier server.
      const value = pick(res.body, path);
      if (value !== undefined && value !== null) env[name] = value;
    }
    // Nova's harness runs casts as calls: the work is done when the API answers.
    if (step.method !== 'GET') cloud.clock.advance(60_000);
    const ties = sortGroups(step, (path) =>
      cloud.request({
        method: 'GET',
        path: `/v2.1${path}`,
        headers: { 'OpenStack-API-Version': 'compute 2.73' },
        auth: PERSONAS.admin,
      }),
    );
    return { status: res.status, body: res.body ?? null, ...(ties ? { ties } : {}) };
  });
}

function runNova(list, dir) {
  mkdirSync(dir, { recursive: true });
  const input = join(dir, 'programs.json');
  const output = join(dir, 'nova.json');
  writeFileSync(input, JSON.stringify(list));
  const run = spawnSync('/usr/bin/python3', [join(HERE, 'nova_driver.py'), input, output], {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0) {
    process.stderr.write(run.stderr.toString().slice(-4000));
    throw new Error(`nova_driver.py exited ${run.status}`);
  }
  return JSON.parse(readFileSync(output, 'utf8'));
}

/** The first unexplained disagreement of each program, `{ at, diff }` by program name. */
function firstUnexplained(unexplained) {
  const first = new Map();
  for (const d of unexplained)
    if (d.step !== undefined && !first.has(d.program))
      first.set(d.program, { at: d.step, diff: d });
  return first;
}

/** A step's differences; a list's order carries the simulator's ties (ties.mjs) to classify. */
function diffsOf(step, real, sim) {
  return compareStep(step, real, sim).map((diff) =>
    sim.ties && diff.path === 'servers[].name' ? { ...diff, ties: sim.ties } : diff,
  );
}

/** The differences of one step that no known difference explains. */
function unexplainedDiffs(program, i, real, sim) {
  const step = program.steps[i];
  return diffsOf(step, real, sim).filter((diff) => !classify(program.name, step, diff));
}

/**
 * Each program's first unexplained disagreement as a scenario file Nova's answers check;
 * with `rounds`, shrunk first by re-running smaller programs on Nova (shrink.mjs).
 */
function writeScenarios(list, byName, unexplained, dir, rounds) {
  const first = firstUnexplained(unexplained);
  if (first.size === 0) return;
  mkdirSync(dir, { recursive: true });
  for (const program of list) {
    const found = first.get(program.name);
    if (found === undefined) continue;
    let [shown, answers, at] = [program, byName.get(program.name).steps, found.at];
    if (rounds > 0) {
      const small = shrinkProgram(program, found.at, found.diff, {
        nova: (candidates) => runNova(candidates, join(dir, 'shrink')),
        sim: runSim,
        differs: unexplainedDiffs,
        rounds,
      });
      process.stdout.write(
        `shrink: ${program.name} from ${found.at + 1} to ${small.program.steps.length} steps (${small.rounds} rounds, ${small.tried} programs on Nova)\n`,
      );
      if (small.nova)
        [shown, answers, at] = [small.program, small.nova, small.program.steps.length - 1];
    }
    const scenario = toScenario(shown, answers, at);
    const file = join(dir, `${program.name}-step${found.at}.json`);
    writeFileSync(file, `${JSON.stringify(scenario, null, 2)}\n`);
    process.stdout.write(`scenario: ${file} (${scenario.steps.length} steps)\n`);
  }
}

const FLAGS = ['--only', '--out', '--generate', '--seed', '--programs', '--nova', '--shrink'];

/** --help prints this file's opening comment; an unknown flag stops before any work. */
function checkArguments(argv) {
  if (argv.includes('--help') || argv.includes('-h')) {
    const text = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    const lines = text.split('\n');
    const usage = lines.slice(
      0,
      lines.findIndex((line) => !line.startsWith('//')),
    );
    process.stdout.write(`${usage.map((line) => line.replace(/^\/\/ ?/, '')).join('\n')}\n`);
    process.exit(0);
  }
  // A negative number is a value (a seed), not a flag.
  const isFlag = (arg) => arg.startsWith('-') && Number.isNaN(Number(arg));
  const unknown = argv.find((arg) => isFlag(arg) && !FLAGS.includes(arg));
  if (unknown !== undefined) {
    process.stderr.write(`unknown option ${unknown}; known: ${FLAGS.join(' ')} --help\n`);
    process.exit(2);
  }
}

function main() {
  checkArguments(process.argv.slice(2));
  const only = option('--only');
  const dir = option('--out') ?? '.differential';
  mkdirSync(dir, { recursive: true });
  const generate = option('--generate');
  // A seed is printed with every disagreement, so a run without --seed can be replayed too.
  const seed = Number(option('--seed') ?? Math.floor(Math.random() * 1e6));
  // --programs FILE replays a saved programs.json (what a run wrote), whatever the generator.
  const saved = option('--programs');
  const all = saved
    ? JSON.parse(readFileSync(saved, 'utf8'))
    : generate === undefined
      ? programs()
      : generatedPrograms(Number(generate), seed);
  if (generate !== undefined)
    process.stdout.write(`generated: --generate ${generate} --seed ${seed}\n`);
  const list = all.filter((p) => only === undefined || p.name === only);
  const novaFile = option('--nova');
  const nova = novaFile
    ? novaFile.split(',').flatMap((file) => JSON.parse(readFileSync(file, 'utf8')))
    : runNova(list, dir);
  const byName = new Map(nova.map((r) => [r.name, r]));
  const report = {
    programs: 0,
    steps: 0,
    agree: 0,
    known: {},
    following: {},
    unexplained: {},
    details: [],
  };
  for (const program of list) {
    const real = byName.get(program.name);
    if (!real?.steps) {
      if (real) report.details.push({ program: program.name, error: real.error, cause: null });
      continue;
    }
    report.programs++;
    const sim = runSim(program);
    // A server whose status or answer differed once differs after: its later differences
    // are counted as following the first (`after #k`), not as new ones.
    const diverged = new Map();
    program.steps.forEach((step, i) => {
      report.steps++;
      const diffs = diffsOf(step, real.steps[i], sim[i]);
      if (diffs.length === 0) report.agree++;
      const slot = slotOf(step);
      const reboot = step.save && real.steps[i].status < 300 && sim[i].status < 300;
      if (reboot) diverged.delete(slot);
      for (const { ties, ...diff } of diffs) {
        const known = classify(program.name, step, { ...diff, ties });
        const earlier = slot === undefined ? undefined : diverged.get(slot);
        const cause = known ?? (earlier === undefined ? undefined : `after #${earlier}`);
        const bucket = known ? report.known : cause ? report.following : report.unexplained;
        bucket[diff.kind] = (bucket[diff.kind] ?? 0) + 1;
        if ((diff.kind === 'status' || diff.kind === 'wait') && slot && earlier === undefined) {
          diverged.set(slot, i);
        }
        report.details.push({
          program: program.name,
          step: i,
          ...(program.seed === undefined ? {} : { replay: `--generate 1 --seed ${program.seed}` }),
          request:
            'wait' in step
              ? `wait ${step.wait} ${Array.isArray(step.status) && step.status.length > 3 ? 'settled' : step.status}`
              : `${step.as ?? 'member'} ${step.version ?? ''} ${step.method} ${step.path}`,
          body: step.body,
          ...diff,
          cause: cause ?? null,
        });
      }
    });
  }
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const unexplained = report.details.filter((d) => d.cause === null);
  // --shrink [ROUNDS]: at most ROUNDS batches of candidates on Nova per disagreement.
  const shrink = process.argv.includes('--shrink') ? Number(option('--shrink') ?? 4) || 4 : 0;
  writeScenarios(list, byName, unexplained, join(dir, 'scenarios'), shrink);
  for (const d of unexplained) {
    process.stdout.write(
      `${d.program}#${d.step}${d.replay ? ` [${d.replay}]` : ''} ${d.request} ${JSON.stringify(d.body ?? '')}: ${d.kind}${d.path ? ` ${d.path}` : ''} nova=${JSON.stringify(d.nova)} sim=${JSON.stringify(d.sim)}${d.novaMessage ? ` (${d.novaMessage} | ${d.simMessage})` : ''}\n`,
    );
  }
  process.stdout.write(
    `\n${report.programs} programs, ${report.steps} steps: ${report.agree} agree; ` +
      `known differences ${JSON.stringify(report.known)}; following an earlier one on the same server ${JSON.stringify(report.following)}; unexplained ${JSON.stringify(report.unexplained)}\n`,
  );
  process.exitCode = unexplained.length === 0 ? 0 : 1;
}

main();
