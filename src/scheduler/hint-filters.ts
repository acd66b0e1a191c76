/**
 * The scheduler-hint filters a cloud may enable (`[filter_scheduler] enabled_filters`).
 * Nova's default list (ComputeFilter, ComputeCapabilitiesFilter, ImagePropertiesFilter,
 * ServerGroupAntiAffinityFilter, ServerGroupAffinityFilter) has neither, so by default
 * the `same_host` and `different_host` hints are stored but weigh nothing.
 */
export type HintFilterName = 'SameHostFilter' | 'DifferentHostFilter';

export const HINT_FILTERS: readonly HintFilterName[] = ['SameHostFilter', 'DifferentHostFilter'];
