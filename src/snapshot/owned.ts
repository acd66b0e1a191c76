// Server lists that a checked restore built itself: the cloud may adopt their records
// without checking or copying them again. Each list is adopted once.
const owned = new WeakSet<object>();

/** Marks a freshly built and fully checked server list as the cloud's to adopt. */
export function markOwned(servers: readonly object[]): void {
  owned.add(servers);
}

/** Whether the list was marked, unmarking it: a second restore from it checks and copies. */
export function takeOwned(servers: readonly object[]): boolean {
  return owned.delete(servers);
}
