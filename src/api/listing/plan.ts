import type { ServerFilter } from './filters.js';

/** One list request, ready to run. */
export interface ListPlan {
  readonly filter: ServerFilter;
  /** The API's sort keys and directions, legacy keys removed. */
  readonly sortKeys: readonly string[];
  readonly sortDirs: readonly string[];
  readonly limit: number;
  readonly marker: string | undefined;
}

/** Nova answers some requests with an empty list before any query. */
export type ParsedListRequest = ListPlan | 'empty';

/** Search options hold the last value of each name, or a list (vm/task state from status). */
export type Options = Map<string, string | readonly string[] | boolean>;
