/**
 * The hint filters of `config.hintFilters` (deprecated: name them in `enabledFilters`,
 * which this list is added to). Nova's default list has neither, so by default the
 * `same_host` and `different_host` hints are stored but place nothing.
 */
export type HintFilterName = 'SameHostFilter' | 'DifferentHostFilter';

export const HINT_FILTERS: readonly HintFilterName[] = ['SameHostFilter', 'DifferentHostFilter'];
