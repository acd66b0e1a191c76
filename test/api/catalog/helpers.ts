import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ApiResponse } from '../../../src/api/request.js';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import { SAMPLES_DIR } from '../../support/samples.js';

/** The samples' project and user (the default caller of a cloud). */
export const PROJECT = '6f70656e737461636b20342065766572';
export const USER = 'fake';

export const SAMPLES = SAMPLES_DIR;

export function newCloud(): Cloud {
  return createCloud({ seed: 1 });
}

export interface CallOptions {
  readonly version?: string;
  readonly body?: unknown;
  readonly admin?: boolean;
  readonly projectId?: string;
  readonly userId?: string;
}

/** One API call as a client makes it: `/v2.1/<path>`, a microversion header and Keystone auth. */
export function call(
  cloud: Cloud,
  method: string,
  path: string,
  options: CallOptions = {},
): ApiResponse {
  return cloud.request({
    method,
    path: `/v2.1/${path}`,
    ...(options.body === undefined ? {} : { body: options.body }),
    headers: { 'OpenStack-API-Version': `compute ${options.version ?? '2.1'}` },
    auth: {
      projectId: options.projectId ?? PROJECT,
      userId: options.userId ?? USER,
      roles: options.admin ? ['admin'] : ['member'],
    },
  });
}

/** The microversion of a samples folder: `v2.55` → `2.55`, the base folder → `2.1`. */
export function folderVersion(folder: string): string {
  return folder === '' ? '2.1' : folder.slice(1);
}

/** A sample file of api_samples/<dir>/<folder>/<file>. */
export function sample(dir: string, folder: string, file: string): Record<string, unknown> {
  const path = join(SAMPLES, dir, folder, file);
  if (!existsSync(path)) throw new Error(`Nova's api_sample is missing: ${path}`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Maps whose keys are data (metadata, extra specs, AZ host and service names). */
function freeForm(path: string): boolean {
  return /\.(metadata|extra_specs|meta|hosts)$/.test(path) || /\.hosts\.[^.]+$/.test(path);
}

/**
 * Where `actual` differs in shape from an api_sample: objects need the same keys, list
 * elements are compared with their sample counterpart, scalars need only be scalars; `null` on
 * either side is a value. Free-form maps compare their values with the sample's first value.
 */
export function shapeDiff(actual: unknown, expected: unknown, path = '$'): string[] {
  if (actual === null || expected === null) return [];
  if (freeForm(path)) {
    if (!isObject(actual) || !isObject(expected)) return [`${path}: expected an object`];
    const first = Object.values(expected)[0];
    if (first === undefined) return [];
    return Object.entries(actual).flatMap(([k, v]) => shapeDiff(v, first, `${path}.${k}`));
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    const diffs: string[] = [];
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) diffs.push(`${path}.${key}: missing`);
      else diffs.push(...shapeDiff(actual[key], expected[key], `${path}.${key}`));
    }
    for (const key of Object.keys(actual))
      if (!(key in expected)) diffs.push(`${path}.${key}: not in the sample`);
    return diffs;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${JSON.stringify(actual)}`];
    if (expected.length === 0) return [];
    return actual.flatMap((item, i) =>
      shapeDiff(item, counterpart(item, i, actual, expected), `${path}[${i}]`),
    );
  }
  if (isObject(actual) || Array.isArray(actual))
    return [`${path}: expected a scalar, got ${JSON.stringify(actual)}`];
  return [];
}

/**
 * The sample element to compare a list element with: the one with the same `id` if any
 * (resources whose optional keys depend on their data), else the one at the same position
 * when the lists are equally long (self/bookmark/alternate links), else the first.
 */
function counterpart(item: unknown, i: number, actual: unknown[], expected: unknown[]): unknown {
  if (isObject(item) && 'id' in item) {
    const same = expected.find((e) => isObject(e) && e.id === item.id);
    if (same !== undefined) return same;
  }
  return actual.length === expected.length ? expected[i] : expected[0];
}

/** Asserts the status and that the body has the sample's key set, recursively. */
export function expectSample(res: ApiResponse, status: number, expected: unknown): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(shapeDiff(res.body, expected)).toEqual([]);
}

/** Asserts a Nova fault: code, fault name and exact message. */
export function expectFault(res: ApiResponse, code: number, message: string): void {
  const names: Record<number, string> = {
    400: 'badRequest',
    403: 'forbidden',
    404: 'itemNotFound',
    405: 'badMethod',
    409: 'conflictingRequest',
  };
  expect(res.body).toEqual({ [names[code] ?? 'computeFault']: { code, message } });
  expect(res.status).toBe(code);
}

/** The Nova policy failure message. */
export function policy(rule: string): string {
  return `Policy doesn't allow ${rule} to be performed.`;
}
