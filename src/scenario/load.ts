import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { didYouMean } from '../options/did-you-mean.js';
import { checkScenario } from './check.js';
import { ScenarioError, type ScenarioProblem } from './errors.js';
import { jsonErrorMessage } from './json-error.js';
import { joinPointer } from './pointer.js';
import { SCENARIO_SCHEMA, SCHEMA_ID } from './schema.js';
import { type Scenario, STEP_KINDS, type StepKind } from './types.js';

// ajv-formats ships CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv, formats?: string[]) => Ajv;

interface Validators {
  readonly top: ValidateFunction;
  readonly steps: Readonly<Record<StepKind, ValidateFunction>>;
}

let validators: Validators | undefined;

/** Compiled once: the file without its steps, then one validator per step kind. */
function compiled(): Validators {
  if (validators) return validators;
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
  });
  addFormats(ajv, ['regex', 'date-time']);
  ajv.addSchema(SCENARIO_SCHEMA);
  const properties = SCENARIO_SCHEMA.properties as Record<string, unknown>;
  const top = ajv.compile({
    ...SCENARIO_SCHEMA,
    $id: `${SCHEMA_ID}:top`,
    properties: { ...properties, steps: { type: 'array', items: { type: 'object' } } },
  });
  const steps = Object.fromEntries(
    STEP_KINDS.map((kind) => [
      kind,
      ajv.compile({ $ref: `${SCHEMA_ID}#/definitions/${kind}Step` }),
    ]),
  ) as Record<StepKind, ValidateFunction>;
  validators = { top, steps };
  return validators;
}

// Which of several errors about one value says most: the deepest, then by keyword.
const KEYWORD_RANK = [
  'additionalProperties',
  'required',
  'const',
  'enum',
  'pattern',
  'format',
  'propertyNames',
  'minimum',
  'maximum',
  'minLength',
  'minItems',
  'minProperties',
  'type',
];

function rank(error: ErrorObject): number {
  const i = KEYWORD_RANK.indexOf(error.keyword);
  return i < 0 ? KEYWORD_RANK.length : i;
}

const DURATION_MESSAGE = 'must be a number of ms or an ISO-8601 duration such as "PT5M"';

function describeError(error: ErrorObject): { pointer: string; message: string } {
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) {
    return {
      pointer: joinPointer(error.instancePath, error.propertyName),
      message: `invalid property name (${error.message ?? 'invalid'})`,
    };
  }
  if (error.schemaPath.includes('/duration/')) {
    return { pointer: error.instancePath, message: DURATION_MESSAGE };
  }
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        pointer: joinPointer(error.instancePath, String(params.additionalProperty)),
        message: `unknown property "${String(params.additionalProperty)}"`,
      };
    case 'required':
      return {
        pointer: error.instancePath,
        message: `missing required property "${String(params.missingProperty)}"`,
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const shown = allowed.length > 24 ? [...allowed.slice(0, 24), '…'] : allowed;
      return { pointer: error.instancePath, message: `must be one of ${shown.join(', ')}` };
    }
    case 'const':
      return {
        pointer: error.instancePath,
        message: `must be ${JSON.stringify(params.allowedValue)}`,
      };
    case 'pattern':
      return { pointer: error.instancePath, message: error.message ?? 'is invalid' };
    case 'propertyNames':
      return {
        pointer: joinPointer(error.instancePath, String(params.propertyName)),
        message: 'invalid property name',
      };
    case 'type': {
      const types = String(params.type).split(',');
      return { pointer: error.instancePath, message: `must be ${types.join(' or ')}` };
    }
    default:
      return { pointer: error.instancePath, message: error.message ?? 'is invalid' };
  }
}

/** The most telling error of an ajv run, as a problem at `base` + its path. */
function bestProblem(
  errors: readonly ErrorObject[],
  base: string,
  step: number | undefined,
): ScenarioProblem {
  const sorted = [...errors]
    .filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'propertyNames')
    .sort((a, b) => {
      const depth = (e: ErrorObject) => e.instancePath.split('/').length;
      return depth(b) - depth(a) || rank(a) - rank(b);
    });
  const chosen = sorted[0] ?? errors[0];
  const described = chosen ? describeError(chosen) : { pointer: '', message: 'is invalid' };
  return { pointer: base + described.pointer, step, message: described.message };
}

/** A step with no known kind: the near miss named when there is one. */
function unknownKind(keys: readonly string[]): string {
  for (const key of keys) {
    const near = didYouMean(key, STEP_KINDS);
    if (near) return `unknown step kind "${key}"; did you mean "${near}"?`;
  }
  const named = keys.filter((key) => key !== 'comment' && key !== 'note');
  const what = named.length > 0 ? `unknown step kind "${named[0]}"; a` : 'a';
  return `${what} step needs one of: ${STEP_KINDS.join(', ')}`;
}

function schemaProblems(input: unknown): ScenarioProblem[] {
  const { top, steps } = compiled();
  if (!top(input)) {
    // One problem per top-level property that is wrong.
    const byProperty = new Map<string, ErrorObject[]>();
    for (const error of top.errors ?? []) {
      const head =
        error.instancePath.split('/')[1] ??
        String((error.params as Record<string, unknown>).additionalProperty ?? '');
      byProperty.set(head, [...(byProperty.get(head) ?? []), error]);
    }
    // In the order the file has them.
    const order = input !== null && typeof input === 'object' ? Object.keys(input) : [];
    return [...byProperty]
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([, errors]) => bestProblem(errors, '', undefined));
  }
  const problems: ScenarioProblem[] = [];
  (input as { steps: Record<string, unknown>[] }).steps.forEach((step, index) => {
    const at = joinPointer('/steps', index);
    const kinds = STEP_KINDS.filter((kind) => kind in step);
    // `request` may carry its own `expect`; any other step has exactly one kind.
    const kind = kinds.includes('request') ? 'request' : kinds.length === 1 ? kinds[0] : undefined;
    if (kind === undefined) {
      problems.push({
        pointer: at,
        step: index,
        message:
          kinds.length === 0
            ? unknownKind(Object.keys(step))
            : `a step has one kind, this one has ${kinds.join(' and ')}`,
      });
      return;
    }
    const validate = steps[kind];
    if (!validate(step)) problems.push(bestProblem(validate.errors ?? [], at, index));
  });
  return problems;
}

const loaded = new WeakSet<Scenario>();

/** Whether a value came out of {@link loadScenario} (and so was checked). */
export function isLoadedScenario(value: unknown): value is Scenario {
  return typeof value === 'object' && value !== null && loaded.has(value as Scenario);
}

export interface LoadOptions {
  /** The file name errors mention (default `<scenario>`). */
  readonly file?: string;
}

/**
 * Checks a parsed scenario against the schema and for what the schema cannot see (an
 * unknown `${name}`, user or host), and returns a copy ready for {@link replay}. Throws a
 * ScenarioError naming the file, the step index and the JSON Pointer of every problem.
 *
 * @example
 * const scenario = loadScenario(JSON.parse(text), { file: 'reboot.json' });
 */
export function loadScenario(input: unknown, options: LoadOptions = {}): Scenario {
  const file = options.file ?? '<scenario>';
  let copy: unknown;
  try {
    copy = structuredClone(input);
  } catch {
    throw new ScenarioError(file, [
      { pointer: '', step: undefined, message: 'a scenario is plain JSON data' },
    ]);
  }
  const problems = schemaProblems(copy);
  if (problems.length > 0) throw new ScenarioError(file, problems);
  const scenario = copy as Scenario;
  const semantic = checkScenario(scenario);
  if (semantic.length > 0) throw new ScenarioError(file, semantic);
  loaded.add(scenario);
  return scenario;
}

/**
 * Reads, parses and loads a scenario file.
 *
 * @example
 * const scenario = readScenarioFile('scenarios/tour.json');
 */
export function readScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(error)})`;
    throw new ScenarioError(path, [{ pointer: '', step: undefined, message }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(path, [
      { pointer: '', step: undefined, message: `not JSON at ${jsonErrorMessage(text, error)}` },
    ]);
  }
  return loadScenario(json, { file: path });
}
