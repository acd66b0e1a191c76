export function sortGroups(
  step: { method?: string; path?: string },
  request: (path: string) => { status: number; body: { servers: Array<Record<string, unknown>> } },
): Record<string, string | null> | undefined;
export function sameUpToTies(
  nova: readonly string[],
  sim: readonly string[],
  groups: Record<string, string | null> | undefined,
): boolean;
