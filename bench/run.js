// `npm run bench`: every bench in its own process (a fresh heap each), each figure printed
// with its floor as it comes, then one JSON line with all of them. Budget: ≤ 5 minutes on
// 2 cores. BENCH_ONLY=engine,http picks benches; the sizes have their own variables
// (see each bench's header). The flat curves run at 10k and 100k servers; `--full`
// (`npm run bench -- --full`) adds 1M, whose build alone is minutes of CPU.
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const BENCHES = [
  { name: 'engine', file: 'engine.js', flags: ['--expose-gc'] },
  { name: 'http', file: 'http.js', flags: [] },
  { name: 'neighbours', file: 'neighbours.js', flags: [] },
  { name: 'churn', file: 'churn.js', flags: ['--expose-gc'] },
  { name: 'curves', file: 'curves.js', flags: ['--expose-gc', '--max-old-space-size=8192'] },
  { name: 'snapshot', file: 'snapshot.js', flags: ['--expose-gc'] },
];
const only = process.env.BENCH_ONLY?.split(',');
const full = process.argv.includes('--full');

function runBench({ file, flags }) {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(new URL(file, import.meta.url));
    const child = spawn(process.execPath, [...flags, script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: full ? { ...process.env, BENCH_FULL: '1' } : process.env,
    });
    let result;
    let pending = '';
    child.stdout.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (line.startsWith('BENCH ')) result = JSON.parse(line.slice(6));
        else console.log(`  ${line}`);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 && result ? resolve(result) : reject(new Error(`${file} exited with ${code}`)),
    );
  });
}

const started = Date.now();
console.log(
  `nova-sim bench — node ${process.version}, ${cpus().length} cpus, load ${loadavg()[0].toFixed(2)}${full ? ', --full' : ''}`,
);
const results = [];
for (const bench of BENCHES) {
  if (only && !only.includes(bench.name)) continue;
  const t = Date.now();
  console.log(`${bench.name}:`);
  results.push(await runBench(bench));
  console.log(`  (${((Date.now() - t) / 1000).toFixed(0)} s)`);
}
const figures = results.flatMap((r) => r.figures.map((f) => ({ bench: r.bench, ...f })));
const missed = figures.filter((f) => f.holds === false);
console.log(
  `${figures.length} figures, ${missed.length} targets missed, ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
console.log(
  JSON.stringify({
    node: process.version,
    cpus: cpus().length,
    load: loadavg()[0],
    full,
    seconds: (Date.now() - started) / 1000,
    results,
  }),
);
