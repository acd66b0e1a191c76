import { readFileSync } from 'node:fs';

/** One request/response pair of Nova's api_samples (test/api/acceptance/sample-exchanges.json). */
export interface Exchange {
  readonly version: string;
  readonly method: string;
  /** Nova's path, e.g. `/servers/{server_id}/action`; may carry a query string. */
  readonly path: string;
  /** The codes api-ref documents (or Nova's own refusal, for samples Nova no longer accepts). */
  readonly status: readonly number[];
  readonly request: string | null;
  readonly response: string | null;
  readonly source: string;
  readonly auth?: 'admin' | 'member';
}

export const EXCHANGES: readonly Exchange[] = (
  JSON.parse(
    readFileSync(new URL('../api/acceptance/sample-exchanges.json', import.meta.url), 'utf8'),
  ) as { exchanges: Exchange[] }
).exchanges;

/** The api_samples folder an exchange's files are in. */
export function folderOf(ex: Exchange): string {
  return (ex.request ?? ex.response ?? '').split('/')[0]!;
}

/** A readable name for an exchange: its request file, or its response for a bare GET. */
export function nameOf(ex: Exchange): string {
  return ex.request && ex.response
    ? `${ex.request} → ${ex.response.split('/').pop()}`
    : (ex.request ?? ex.response ?? '');
}
