/**
 * The compute node's name (`hypervisor_hostname`) of a host: one node per host, named as
 * the host, except that the fake driver names it `fake-mini` when the host is literally
 * `compute` (the differential harness's host).
 *
 * @example
 * nodeNameOf('compute'); // 'fake-mini'
 * nodeNameOf('east-1'); // 'east-1'
 */
export function nodeNameOf(host: string): string {
  return host === 'compute' ? 'fake-mini' : host;
}
