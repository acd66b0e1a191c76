// Types of generate.mjs, for the generator's unit test (test/scripts/differential).

export interface RequestStep {
  readonly kind: string;
  readonly as: 'admin' | 'member' | 'reader' | 'other';
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly version: string;
  readonly body?: unknown;
  readonly save?: Readonly<Record<string, string>>;
}
export interface WaitStep {
  readonly wait: string;
  readonly status: readonly string[];
}
export type Step = RequestStep | WaitStep;
export interface Program {
  readonly name: string;
  readonly seed: number;
  readonly steps: readonly Step[];
}
export interface LengthOptions {
  readonly minLength?: number;
  readonly maxLength?: number;
}

export const VERSIONS: readonly string[];
export const ACTIONS: readonly string[];
export const SETTLED: readonly string[];
export const STEP_KINDS: readonly string[];
export const SLOTS: number;
export function generatedProgram(seed: number, options?: LengthOptions): Program;
export function generatedPrograms(count: number, seed: number, options?: LengthOptions): Program[];
