// Nova breaks ties between equal sort values by uuid, ascending (instance_list.py's
// InstanceSortContext adds `uuid` to the sort keys), and so does the simulator. UUIDs differ
// by nature between the two, so servers whose sort values tie come back in another order.
// `sortGroups` tells which servers tie: each server name with its sort values, read from an
// admin detail list of the simulator, so that a list can be compared up to the order of ties.

/** Nova's sort keys, as the detail view (2.73, admin) shows them; time keys are left out. */
const VIEW_FIELD = {
  access_ip_v4: 'accessIPv4',
  access_ip_v6: 'accessIPv6',
  auto_disk_config: 'OS-DCF:diskConfig',
  availability_zone: 'OS-EXT-AZ:availability_zone',
  config_drive: 'config_drive',
  display_description: 'description',
  display_name: 'name',
  host: 'OS-EXT-SRV-ATTR:host',
  hostname: 'OS-EXT-SRV-ATTR:hostname',
  image_ref: 'image',
  instance_type_id: 'flavor',
  kernel_id: 'OS-EXT-SRV-ATTR:kernel_id',
  key_name: 'key_name',
  launch_index: 'OS-EXT-SRV-ATTR:launch_index',
  locked: 'locked',
  // The view has no locked_by: an unlocked server's is null, a locked one's is unknown.
  locked_by: (server) => (server.locked ? `locked ${server.id}` : null),
  node: 'OS-EXT-SRV-ATTR:hypervisor_hostname',
  power_state: 'OS-EXT-STS:power_state',
  progress: 'progress',
  project_id: 'tenant_id',
  ramdisk_id: 'OS-EXT-SRV-ATTR:ramdisk_id',
  root_device_name: 'OS-EXT-SRV-ATTR:root_device_name',
  task_state: 'OS-EXT-STS:task_state',
  user_id: 'user_id',
  vm_state: 'OS-EXT-STS:vm_state',
};

/** The sort keys of a list path, or undefined when one of them is not tie-comparable. */
function sortKeys(path) {
  const query = new URLSearchParams(path.split('?')[1] ?? '');
  const keys = query.getAll('sort_key');
  if (keys.length === 0 || keys.some((key) => !(key in VIEW_FIELD))) return undefined;
  return keys;
}

/**
 * For a list step with sort keys: server name → its sort values (JSON), from the simulator's
 * admin detail list of every project. A name two servers share with different values maps to
 * null (not comparable). `request(path)` answers like `cloud.request` for that path.
 */
export function sortGroups(step, request) {
  if (step.method !== 'GET' || !/^\/servers(\/detail)?\?/.test(step.path ?? '')) return undefined;
  const keys = sortKeys(step.path);
  if (keys === undefined) return undefined;
  const res = request('/servers/detail?all_tenants=1');
  if (res.status !== 200) return undefined;
  const groups = {};
  for (const server of res.body.servers) {
    const values = JSON.stringify(
      keys.map((key) => {
        const field = VIEW_FIELD[key];
        return (typeof field === 'function' ? field(server) : server[field]) ?? null;
      }),
    );
    groups[server.name] = server.name in groups && groups[server.name] !== values ? null : values;
  }
  return groups;
}

/** Whether two name lists are the same up to the order of servers whose sort values tie. */
export function sameUpToTies(nova, sim, groups) {
  if (groups === undefined || nova.length !== sim.length) return false;
  return nova.every((name, i) => {
    const a = groups[name];
    return a !== undefined && a !== null && a === groups[sim[i]];
  });
}
