/**
 * Nova stores a fault's traceback in `details` when the fault comes from an exception with
 * code 500 (compute/utils.py `_get_fault_details`), and the view shows it to admins. The
 * simulator runs no Python, so its traceback is short: the Nova function that raises the
 * exception, without line numbers, then the exception's class and message as Python's
 * last line prints them.
 */

/** [fault message test, exception class, where Nova raises it (or '')]; first match wins. */
const RAISED: readonly (readonly [RegExp, string, string])[] = [
  [
    /^No valid host was found\./,
    'nova.exception.NoValidHost',
    'nova/scheduler/manager.py, in select_destinations',
  ],
  [
    /^Exceeded maximum number of retries\./,
    'nova.exception.MaxRetriesExceeded',
    'nova/conductor/manager.py, in build_instances',
  ],
  [
    /^Build of instance \S+ aborted: /,
    'nova.exception.BuildAbortException',
    'nova/compute/manager.py, in _build_and_run_instance',
  ],
  [
    /^Migration pre-check error: /,
    'nova.exception.MigrationPreCheckError',
    'nova/conductor/tasks/live_migrate.py, in _execute',
  ],
  [
    /^Unable to migrate instance \(/,
    'nova.exception.UnableToMigrateToSelf',
    'nova/conductor/tasks/live_migrate.py, in _check_destination_is_not_source',
  ],
  [
    /^Compute service of \S+ is unavailable/,
    'nova.exception.ComputeServiceUnavailable',
    'nova/conductor/tasks/live_migrate.py, in _check_host_is_up',
  ],
  [
    /^The instance requires a newer hypervisor version/,
    'nova.exception.DestinationHypervisorTooOld',
    'nova/conductor/tasks/live_migrate.py, in _check_compatible_with_source_hypervisor',
  ],
  // The compute's interface attach and detach (interface-api.ts).
  [
    /^Port id \S+ could not be found\.$/,
    'nova.exception.PortNotFound',
    'nova/network/neutron.py, in _show_port',
  ],
  [
    /^Port \S+ not usable for instance /,
    'nova.exception.PortNotUsable',
    'nova/network/neutron.py, in _validate_requested_port_ids',
  ],
  [
    /^Port \S+ is still in use\.$/,
    'nova.exception.PortInUse',
    'nova/network/neutron.py, in _validate_requested_port_ids',
  ],
  [
    /^Network \S+ could not be found\.$/,
    'nova.exception.NetworkNotFound',
    'nova/network/neutron.py, in _validate_requested_network_ids',
  ],
  [
    /^No specific network was requested and none are available /,
    'nova.exception.InterfaceAttachFailedNoNetwork',
    'nova/network/neutron.py, in _validate_requested_network_ids',
  ],
  [
    /^Multiple possible networks found, /,
    'nova.exception.NetworkAmbiguous',
    'nova/network/neutron.py, in _validate_requested_network_ids',
  ],
  [
    /^Fixed IP \S+ is already in use\.$/,
    'nova.exception.FixedIpAlreadyInUse',
    'nova/network/neutron.py, in _create_port_minimal',
  ],
  [
    /^No fixed IP addresses available for network: /,
    'nova.exception.NoMoreFixedIps',
    'nova/network/neutron.py, in _create_port_minimal',
  ],
  [
    /^Maximum number of ports exceeded$/,
    'nova.exception.PortLimitExceeded',
    'nova/network/neutron.py, in _create_port_minimal',
  ],
  [
    /^Failed to attach network adapter device to /,
    'nova.exception.InterfaceAttachFailed',
    'nova/compute/manager.py, in _attach_interface',
  ],
  [
    /^Port \S+ is not attached$/,
    'nova.exception.PortNotFound',
    'nova/compute/manager.py, in _detach_interface',
  ],
  // A filter that raises (scheduler/filter-crash.ts): the message is the class name alone.
  [
    /^(KeyError|TypeError|AttributeError|ValueError|IndexError|RemoteError)$/,
    '',
    'nova/scheduler/host_manager.py, in get_filtered_hosts',
  ],
];

/**
 * Where Nova raises the exception behind a fault message (`file, in function`), or '' when
 * the simulator does not know.
 *
 * @example
 * raisedAt('No valid host was found. '); // 'nova/scheduler/manager.py, in select_destinations'
 */
export function raisedAt(message: string): string {
  return RAISED.find(([test]) => test.test(message))?.[2] ?? '';
}

/**
 * The `details` Nova keeps for a fault: a traceback for a 500, else ''.
 *
 * @example
 * faultDetails(500, 'No valid host was found. ');
 * // 'Traceback (most recent call last):\n  File "nova/scheduler/manager.py", in select_destinations\nnova.exception.NoValidHost: No valid host was found. \n'
 */
export function faultDetails(code: number, message: string): string {
  if (code !== 500) return '';
  const raised = RAISED.find(([test]) => test.test(message));
  const [, cls, where] = raised ?? [null, 'nova.exception.NovaException', ''];
  const frame = where === '' ? '' : `  File "${where.replace(', in ', '", in ')}\n`;
  const last = cls === '' ? message : `${cls}: ${message}`;
  return `Traceback (most recent call last):\n${frame}${last}\n`;
}
