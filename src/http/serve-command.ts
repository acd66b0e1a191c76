import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { jsonErrorMessage } from '../scenario/json-error.js';
import { startupText } from './banner.js';
import { type ClockMode, MAX_SPEED } from './clock-driver.js';
import { defaultCloudsYamlPath, writeCloudsYaml } from './clouds-yaml-file.js';
import { parseServeConfig, type ServeConfig, scenarioCloudOptions } from './serve-config.js';
import { type SimServer, type SimServerOptions, startSimServer } from './server.js';

/** Where the command writes: `process` fits. */
export interface ServeIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Hooks for the CLI and for tests. */
export interface ServeHooks {
  /** Stops the server when aborted (besides SIGINT and SIGTERM). */
  readonly signal?: AbortSignal;
  /** Called once the server listens. */
  readonly onReady?: (server: SimServer) => void;
  /**
   * The cloud options of a `--scenario` file. Default: the file's top-level `seed`,
   * `hosts`, `config` and `catalog`, taken as they are.
   */
  readonly scenarioOptions?: (path: string) => ServeConfig;
}

export const SERVE_USAGE = `Usage: nova-sim serve [options]

Serves the simulator over HTTP with Keystone v3 auth, so the OpenStack CLI and SDKs
run against it unmodified.

Options:
  --host ADDR            address to bind (default 127.0.0.1, loopback only)
  --port N               port of all services (default 8774; 0 picks a free one)
  --identity-port N      also serve Keystone at the root of this port (e.g. 5000)
  --public-url URL       base URL clients should use, if not http://host:port
  --config FILE          JSON { seed, hosts, config, catalog, identity }
  --scenario FILE        take the cloud options of a scenario file
  --seed N               seed of the cloud's PRNG (overrides the file's)
  --clock MODE           realtime (default): virtual time follows wall time x speed;
                         manual: it moves only through POST /_sim/clock/advance
  --speed N              virtual seconds per wall second in realtime mode (default 1)
  --token-ttl SECONDS    lifetime of Keystone tokens (default 3600)
  --max-body-bytes N     request body limit of the OpenStack APIs (default 114688)
  --trace-limit N        event trace entries kept for /_sim/trace (default 100000, 0 = off)
  --write-clouds-yaml [FILE]
                         add the nova-sim clouds to FILE (default
                         ~/.config/openstack/clouds.yaml), keeping its other clouds
  -v, --verbose          log one line per request to stderr
  -h, --help             show this help
`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

function positiveNumber(text: string | undefined, flag: string, min = 0): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min) {
    throw new UsageError(`${flag} must be a number >= ${min}; got '${text}'`);
  }
  return value;
}

function port(text: string | undefined, flag: string): number | undefined {
  const value = positiveNumber(text, flag);
  if (value !== undefined && (!Number.isInteger(value) || value > 65535)) {
    throw new UsageError(`${flag} must be a port number; got '${text}'`);
  }
  return value;
}

function readJson(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not JSON at ${jsonErrorMessage(text, error)}`);
  }
}

const WRITE_CLOUDS = '--write-clouds-yaml';

/**
 * Takes `--write-clouds-yaml [FILE]` out of argv (parseArgs has no optional values): the
 * file is the next argument unless that is an option or missing.
 */
function takeCloudsYamlFlag(argv: readonly string[]): { rest: string[]; path?: string } {
  const rest: string[] = [];
  let path: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith(`${WRITE_CLOUDS}=`)) {
      path = arg.slice(WRITE_CLOUDS.length + 1) || defaultCloudsYamlPath();
    } else if (arg === WRITE_CLOUDS) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        path = next;
        i++;
      } else {
        path = defaultCloudsYamlPath();
      }
    } else {
      rest.push(arg);
    }
  }
  return path === undefined ? { rest } : { rest, path };
}

/** The server options an argv asks for; throws a UsageError on a bad one. */
export function serveOptions(
  argv: readonly string[],
  hooks: ServeHooks = {},
): SimServerOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'identity-port': { type: 'string' },
      'public-url': { type: 'string' },
      config: { type: 'string' },
      scenario: { type: 'string' },
      seed: { type: 'string' },
      clock: { type: 'string' },
      speed: { type: 'string' },
      'token-ttl': { type: 'string' },
      'max-body-bytes': { type: 'string' },
      'trace-limit': { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values.config !== undefined && values.scenario !== undefined) {
    throw new UsageError('give --config or --scenario, not both');
  }
  const clock = values.clock ?? 'realtime';
  if (clock !== 'realtime' && clock !== 'manual') {
    throw new UsageError(`--clock must be realtime or manual; got '${clock}'`);
  }
  const speed = values.speed === undefined ? undefined : Number(values.speed);
  if (
    speed !== undefined &&
    !(Number.isFinite(speed) && speed > 0 && values.speed!.trim() !== '')
  ) {
    throw new UsageError(
      `--speed must be a number above 0 (virtual seconds per wall second, e.g. 60); got '${values.speed}'`,
    );
  }
  if (speed !== undefined && speed > MAX_SPEED) {
    throw new UsageError(`--speed must be at most ${MAX_SPEED}; got '${values.speed}'`);
  }
  let file: ServeConfig = {};
  if (values.config !== undefined) file = parseServeConfig(readJson(values.config), values.config);
  if (values.scenario !== undefined) {
    const path = values.scenario;
    file = hooks.scenarioOptions
      ? hooks.scenarioOptions(path)
      : scenarioCloudOptions(readJson(path), path);
  }
  const { identity, ...cloud } = file;
  const seedText = values.seed;
  const seed =
    seedText === undefined ? cloud.seed : /^-?\d+$/.test(seedText) ? Number(seedText) : seedText;
  const portValue = port(values.port, '--port');
  const identityPort = port(values['identity-port'], '--identity-port');
  const ttl = positiveNumber(values['token-ttl'], '--token-ttl', 1);
  const maxBody = positiveNumber(values['max-body-bytes'], '--max-body-bytes');
  const traceLimit = positiveNumber(values['trace-limit'], '--trace-limit');
  return {
    host: values.host ?? '127.0.0.1',
    port: portValue ?? 8774,
    cloud: { ...cloud, ...(seed === undefined ? {} : { seed }) },
    clock: clock as ClockMode,
    ...(identityPort === undefined ? {} : { identityPort }),
    ...(values['public-url'] === undefined ? {} : { publicUrl: values['public-url'] }),
    ...(identity ? { identity } : {}),
    ...(speed === undefined ? {} : { speed }),
    ...(ttl === undefined ? {} : { tokenTtlSeconds: ttl }),
    ...(maxBody === undefined ? {} : { maxBodyBytes: maxBody }),
    ...(traceLimit === undefined ? {} : { traceLimit }),
    ...(values.verbose ? { log: (line: string) => process.stderr.write(`${line}\n`) } : {}),
  };
}

/**
 * `nova-sim serve`: starts the server, prints the endpoints and a clouds.yaml, and runs
 * until SIGINT or SIGTERM (or `hooks.signal`). Resolves with the exit code: 0 after a
 * clean stop, 1 when the server cannot start, 2 on bad arguments.
 *
 * @example
 * process.exitCode = await serveCommand(process.argv.slice(3), process);
 */
export async function serveCommand(
  argv: readonly string[],
  io: ServeIo,
  hooks: ServeHooks = {},
): Promise<number> {
  let options: SimServerOptions | 'help';
  const { rest, path: cloudsYamlPath } = takeCloudsYamlFlag(argv);
  try {
    options = serveOptions(rest, hooks);
  } catch (error) {
    io.stderr.write(
      `nova-sim serve: ${(error as Error).message}\nRun 'nova-sim serve --help' for usage.\n`,
    );
    return 2;
  }
  if (options === 'help') {
    io.stdout.write(SERVE_USAGE);
    return 0;
  }
  const log = options.log ? { log: (line: string) => io.stderr.write(`${line}\n`) } : {};
  let server: SimServer;
  try {
    server = await startSimServer({
      ...options,
      ...log,
      onError: (error) => io.stderr.write(`nova-sim serve: ${String(error)}\n`),
    });
  } catch (error) {
    io.stderr.write(`nova-sim serve: cannot start: ${(error as Error).message}\n`);
    return 1;
  }
  io.stdout.write(startupText(server.endpoints, server.identity.directory, server.clock));
  if (cloudsYamlPath !== undefined) {
    try {
      const names = writeCloudsYaml(cloudsYamlPath, server.endpoints, server.identity.directory);
      io.stdout.write(`Wrote clouds ${names.join(', ')} to ${cloudsYamlPath}\n`);
    } catch (error) {
      io.stderr.write(
        `nova-sim serve: cannot write ${cloudsYamlPath}: ${(error as Error).message}\n`,
      );
      await server.close();
      return 1;
    }
  }
  hooks.onReady?.(server);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      hooks.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (hooks.signal?.aborted) stop();
    else hooks.signal?.addEventListener('abort', stop);
  });
  await server.close();
  io.stderr.write('nova-sim serve: stopped\n');
  return 0;
}
