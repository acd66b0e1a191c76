import { expect } from 'vitest';
import type { ApiResponse } from '../../../src/api/request.js';
import { shapeDiff } from '../../support/samples.js';

/** Asserts the status and that the body has the response sample's keys, recursively. */
export function expectShape(res: ApiResponse, status: number, expected: unknown): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(shapeDiff(expected, res.body)).toEqual([]);
}
