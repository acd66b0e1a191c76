import { DEFAULT_EPOCH_MS } from '../clock/virtual-clock.js';
import { DEFAULT_CONFIG, DEFAULT_QUOTAS, DEFAULT_STEP_MS } from '../config.js';
import { SCHEMA_ID, type Schema } from '../scenario/schema-values.js';
import { resolveHostSpec } from '../scheduler/host.js';
import { SERVE_CONFIG_SCHEMA } from './schema.js';

// docs/configuration.md, generated from the one schema: `npm run docs:config` writes it,
// test/options/doc.test.ts fails when it is stale.

type Node = Schema & {
  properties?: Record<string, Node>;
  description?: string;
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  items?: Node;
  anyOf?: Node[];
};

const DEFINITIONS = SERVE_CONFIG_SCHEMA.definitions as Record<string, Node>;

function resolve(node: Node): Node {
  return node.$ref ? resolve(DEFINITIONS[node.$ref.split('/').pop()!]!) : node;
}

function typeOf(node: Node): string {
  const n = resolve(node);
  if (n.enum) return n.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (n.anyOf) return n.anyOf.map(typeOf).join(' \\| ');
  if (n.type === 'array') return `${n.items ? typeOf(n.items) : 'any'}[]`;
  if (Array.isArray(n.type)) return n.type.join(' \\| ');
  return n.type ?? 'any';
}

const show = (value: unknown) => (value === undefined ? '' : `\`${JSON.stringify(value)}\``);

function table(
  title: string,
  properties: Record<string, Node>,
  defaults: Record<string, unknown> = {},
): string[] {
  const rows = Object.entries(properties).map(([key, node]) => {
    const description = (node.description ?? resolve(node).description ?? '').replace(/\|/g, '\\|');
    return `| \`${key}\` | ${typeOf(node)} | ${show(defaults[key])} | ${description} |`;
  });
  return [
    `## ${title}`,
    '',
    '| option | type | default | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ];
}

/**
 * The configuration reference as Markdown: every option of `createCloud()`, of
 * `serve --config` and of a scenario's cloud, with its type and default.
 *
 * @example
 * writeFileSync('docs/configuration.md', configurationMarkdown());
 */
export function configurationMarkdown(): string {
  const top = SERVE_CONFIG_SCHEMA.properties as Record<string, Node>;
  const config = resolve(DEFINITIONS.config!).properties!;
  const hosts = resolve(DEFINITIONS.hosts!).anyOf![0]!.properties!;
  const hostDefaults: Record<string, unknown> = { ...resolveHostSpec({ name: 'compute-1' }) };
  const identity = top.identity!.properties!;
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/options/schema.ts by `npm run docs:config`; do not edit. -->',
    '',
    '`createCloud(options)`, `nova-sim serve --config FILE` and the cloud of a scenario file',
    'are checked against one JSON Schema. An unknown key or a wrong type throws an error that',
    'names the key path, with a suggestion for a near miss:',
    '',
    '```',
    'ConfigError: createCloud: unknown option hosts.cont; did you mean "count"?',
    '```',
    '',
    `Scenario files: \`${SCHEMA_ID}\` (\`nova-sim schema\`); their cloud options are the ones below.`,
    '',
    ...table('Top level', top, { seed: 0, epochMs: DEFAULT_EPOCH_MS }),
    ...table('`hosts`: identical hosts (or an array of hosts, each with a `name`)', hosts, {
      ...hostDefaults,
      name: undefined,
    }),
    ...table('`config`: Nova’s options (seconds where Nova uses seconds)', config, {
      ...DEFAULT_CONFIG,
      quotas: undefined,
      stepMs: undefined,
    }),
    ...table(
      '`config.quotas`: per-project limits, -1 unlimited',
      resolve(DEFINITIONS.quotas!).properties!,
      {
        ...DEFAULT_QUOTAS,
      },
    ),
    ...table(
      '`config.stepMs`: virtual ms of each task step',
      resolve(DEFINITIONS.stepMs!).properties!,
      {
        ...DEFAULT_STEP_MS,
      },
    ),
    ...table('`catalog`', resolve(DEFINITIONS.catalog!).properties!),
    ...table('`identity` (serve and interceptCloud)', identity),
  ].join('\n');
}
