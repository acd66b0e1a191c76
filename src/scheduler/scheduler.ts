import { NovaError } from '../errors/nova-error.js';
import { allocationProblem, checkAllocation } from './allocation.js';
import {
  allClaims,
  type Claim,
  claimsOfConsumer,
  claimsOnHost,
  consumerHosts,
  createClaimLedger,
  eachClaimOf,
  findClaim,
  forgetClaim,
  recordClaim,
} from './claims.js';
import {
  type HostRecord,
  type HostSpec,
  type HostView,
  resolveHostSpec,
  viewHost,
} from './host.js';
import { indexServes, selectByIndex } from './indexed.js';
import { resolveOptions, type SchedulerOptions } from './options.js';
import { asksPcpu } from './pcpu.js';
import { checkRebuildHost } from './rebuild-check.js';
import { createHostRegistry } from './registry.js';
import { prepareRequest, type SelectionRequest, type SelectionResult } from './request.js';
import {
  addResources,
  checkResources,
  copyResources,
  type Resources,
  subtractResources,
} from './resources.js';
import { selectByScan } from './scan.js';
import { type HostStatus, hostStatusOf, isServiceUp } from './service.js';
import type { HostSnapshot, SchedulerSnapshot } from './snapshot-types.js';

/**
 * The fake scheduler and its Placement: compute hosts, their service state,
 * claims (allocations) by consumer, and host selection. All times are virtual
 * milliseconds passed in as `now`.
 *
 * @example
 * const s = createScheduler();
 * s.addHost({ name: 'compute-1' }, 0);
 * const result = s.select({ resources: { vcpus: 1, memoryMb: 512, diskGb: 1 }, count: 1 }, 0);
 * if (result.ok) s.claim(serverId, result.picks[0]![0]!, { vcpus: 1, memoryMb: 512, diskGb: 1 });
 */
export interface Scheduler {
  /** Registers a host, enabled and alive (heart-beating since `now`). */
  addHost(spec: HostSpec, now: number): HostView;
  /**
   * Deletes a host. Refused (409, Nova's os-services wording) while any
   * consumer still holds a claim on it: release or move those first.
   */
  removeHost(name: string): void;
  getHost(name: string): HostView | undefined;
  /** The host's availability zone, without copying its view; undefined for an unknown host. */
  availabilityZoneOf(name: string): string | undefined;
  /**
   * Puts the host in `zone` (an aggregate's `availability_zone` metadata), or back in its
   * spec's zone with null.
   */
  setAvailabilityZone(name: string, zone: string | null): void;
  /** Is some host, enabled or not, in `zone` now? */
  hasZone(zone: string): boolean;
  /** Every host, by name. */
  hosts(): HostView[];
  /** os-services enable/disable; `disabledReason` is kept only while disabled. */
  setEnabled(name: string, enabled: boolean, disabledReason?: string): void;
  /** os-services force-down. */
  setForcedDown(name: string, forced: boolean): void;
  /**
   * Starts or stops the nova-compute process. A stopped one last heart-beat at
   * `now` and stays up for `serviceDownTimeMs` more.
   */
  setAlive(name: string, alive: boolean, now: number): void;
  /** Nova's `service_is_up`; false for an unknown host. */
  isUp(name: string, now: number): boolean;
  /** Is the host's nova-compute process running (heart-beating)? False for an unknown host. */
  isAlive(name: string): boolean;
  /** `host_status` of a server on `name` (§8.4); null or an unknown host gives `''`. */
  hostStatus(name: string | null, now: number): HostStatus;
  /** What the host's claims add up to. */
  usage(name: string): Resources;
  /** Placement capacity: `(total − reserved) × allocation_ratio` per class. */
  capacity(name: string): Resources;
  /** capacity − usage. */
  free(name: string): Resources;
  /**
   * Would a claim of `resources` fit on the host now (capacity and `max_unit`)?
   * False for an unknown host.
   */
  fits(name: string, resources: Resources): boolean;
  /**
   * Allocates `resources` on `host` to `consumerId`. Throws (409) if it would
   * exceed the host's capacity or `max_unit`, or if the consumer already holds
   * a claim on that host; does not look at service state.
   */
  claim(consumerId: string, host: string, resources: Resources): Claim;
  /**
   * {@link claim} for each of a snapshot's claims, in order, checked the same way, with each
   * host's usage (and its place in the weigher's index) updated once at the end.
   */
  restoreClaims(claims: readonly Claim[]): void;
  /** Releases all of a consumer's claims, on every host; returns them. */
  release(consumerId: string): Claim[];
  /** Releases the consumer's claim on one host, if any. */
  releaseOn(consumerId: string, host: string): Claim | undefined;
  /** A consumer's claims, by host name. */
  claimsOf(consumerId: string): Claim[];
  /** A host's claims, by consumer id. */
  claimsOnHost(host: string): Claim[];
  /**
   * Hands all of `fromConsumer`'s claims to `toConsumer` (the resize/migrate
   * move of the source allocation to the migration record); usage is unchanged.
   * Returns the moved claims; none if `fromConsumer` had none.
   */
  moveClaim(fromConsumer: string, toConsumer: string): Claim[];
  /**
   * Picks hosts for the request without claiming anything; the caller claims
   * the picks. `now` decides which computes are up (ComputeFilter).
   */
  select(request: SelectionRequest, now: number): SelectionResult;
  /**
   * A rebuild onto a new image asks the scheduler whether the server's own `host` still
   * takes it: the enabled filters that run on rebuild, on that host alone, with no
   * Placement query and no claim.
   */
  checkRebuild(request: SelectionRequest, host: string, now: number): SelectionResult;
  /**
   * Marks a consumer as building or in an I/O-heavy task (Nova's `io_workload`:
   * vm_state building; task_state resize_migrating, rebuilding, resize_prep,
   * image_snapshot, image_backup, rescuing, unshelving), or not. IoOpsWeigher
   * counts the busy consumers holding a claim on each host.
   */
  setBusy(consumerId: string, busy: boolean): void;
  /**
   * A build on the host ended: failed (or was rescheduled) or succeeded. Nova's
   * compute counts consecutive failures (`failed_builds`), which BuildFailureWeigher
   * reads; a success resets the count.
   */
  recordBuild(host: string, succeeded: boolean): void;
  /** The host's consecutive failed builds; 0 for an unknown host. */
  failedBuilds(host: string): number;
  /** Plain JSON of hosts, service state and claims (`{ claims: false }`: none listed). */
  snapshot(options?: { readonly claims?: boolean }): SchedulerSnapshot;
  /** Visits every claim, in no set order (a streamed save writes them without sorting). */
  eachClaim(visit: (consumerId: string, host: string, resources: Resources) => void): void;
  /** Every claim, in {@link eachClaim}'s order, one at a time (a sliced save stops between). */
  claimList(): Generator<Claim>;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkTime(now: number): void {
  if (!Number.isFinite(now)) {
    throw new RangeError(`now must be a finite number; got ${String(now)}`);
  }
}

/**
 * Creates an empty scheduler.
 *
 * @example
 * const s = createScheduler({ weigher: 'spread' });
 * s.addHost({ name: 'compute-1', vcpus: 16 }, 0);
 * s.capacity('compute-1').vcpus; // 64 (16 × 4.0)
 */
export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  const env = resolveOptions(options);
  const hosts = createHostRegistry(env.ramMultiplier, env.weighing);
  const ledger = createClaimLedger();
  const busy = new Set<string>();

  /**
   * One more (or one fewer) claim of `consumerId` on `h`, whose usage becomes `used`: one
   * update of the weigher indexes for the usage and the counts together.
   */
  function countClaim(h: HostRecord, consumerId: string, used: Resources, delta: 1 | -1): void {
    h.used = used;
    h.instances += delta;
    if (busy.has(consumerId)) h.ioOps += delta;
    hosts.loadChanged(h);
  }

  function addIoOps(h: HostRecord, delta: number): void {
    h.ioOps += delta;
    hosts.loadChanged(h);
  }

  function claimView(consumerId: string, hostName: string, r: Resources): Claim {
    return { consumerId, host: hostName, resources: copyResources(r) };
  }

  const scheduler: Scheduler = {
    addHost(spec, now) {
      checkTime(now);
      return viewHost(hosts.add(resolveHostSpec(spec), now));
    },

    removeHost(name) {
      const h = hosts.require(name);
      if (ledger.byHost.has(name)) {
        throw NovaError.conflict(
          'Unable to delete compute service that is hosting instances. ' +
            'Migrate or delete the instances first.',
        );
      }
      hosts.remove(h);
    },

    getHost(name) {
      const h = hosts.get(name);
      return h === undefined ? undefined : viewHost(h);
    },

    availabilityZoneOf(name) {
      return hosts.get(name)?.zone;
    },

    setAvailabilityZone(name, zone) {
      const h = hosts.require(name);
      hosts.setZone(h, zone ?? h.spec.availabilityZone);
    },

    hasZone(zone) {
      // The zone index holds only the enabled hosts: scan the rest only when it is empty.
      if ((hosts.byZone.get(zone)?.size ?? 0) > 0) return true;
      for (const h of hosts.byName.values()) if (h.zone === zone) return true;
      return false;
    },

    hosts() {
      return hosts.sorted().map(viewHost);
    },

    setEnabled(name, enabled, disabledReason) {
      hosts.setEnabled(hosts.require(name), enabled, disabledReason ?? null);
    },

    setForcedDown(name, forced) {
      hosts.setForcedDown(hosts.require(name), forced);
    },

    setAlive(name, alive, now) {
      checkTime(now);
      const h = hosts.require(name);
      h.alive = alive;
      h.lastHeartbeat = now;
    },

    isUp(name, now) {
      const h = hosts.get(name);
      return h !== undefined && isServiceUp(h, now, env.serviceDownTimeMs);
    },

    isAlive(name) {
      return hosts.get(name)?.alive ?? false;
    },

    hostStatus(name, now) {
      return hostStatusOf(name === null ? undefined : hosts.get(name), now, env.serviceDownTimeMs);
    },

    usage(name) {
      return copyResources(hosts.require(name).used);
    },

    capacity(name) {
      return copyResources(hosts.require(name).capacity);
    },

    free(name) {
      const h = hosts.require(name);
      return subtractResources(h.capacity, h.used);
    },

    fits(name, resources) {
      const h = hosts.get(name);
      return (
        h !== undefined && allocationProblem(h, checkResources(resources, 'resources')) === null
      );
    },

    claim(consumerId, hostName, resources) {
      const h = hosts.require(hostName);
      const r = checkResources(resources, 'resources');
      if (findClaim(ledger, consumerId, hostName) !== undefined) {
        throw NovaError.conflict(
          `Consumer ${consumerId} already holds an allocation on compute host ${hostName}.`,
        );
      }
      checkAllocation(h, consumerId, r);
      recordClaim(ledger, consumerId, hostName, r);
      countClaim(h, consumerId, addResources(h.used, r), 1);
      return claimView(consumerId, hostName, r);
    },

    restoreClaims(claims) {
      // Each host's usage and load are summed apart (checked as they grow, as claim()
      // checks them), then applied in one update per host, so the indexes re-file it once.
      const totals = new Map<HostRecord, { used: Resources; instances: number; io: number }>();
      for (const { consumerId, host: hostName, resources } of claims) {
        const h = hosts.require(hostName);
        const r = checkResources(resources, 'resources');
        if (findClaim(ledger, consumerId, hostName) !== undefined) {
          throw NovaError.conflict(
            `Consumer ${consumerId} already holds an allocation on compute host ${hostName}.`,
          );
        }
        let total = totals.get(h);
        if (total === undefined) {
          total = { used: copyResources(h.used), instances: 0, io: 0 };
          totals.set(h, total);
        }
        const { used } = total;
        checkAllocation(h, consumerId, r, used);
        recordClaim(ledger, consumerId, hostName, r);
        used.vcpus += r.vcpus;
        used.memoryMb += r.memoryMb;
        used.diskGb += r.diskGb;
        total.instances += 1;
        if (busy.has(consumerId)) total.io += 1;
      }
      for (const [h, { used, instances, io }] of totals) {
        hosts.updateLoad(h, (host) => {
          host.used = used;
          host.instances += instances;
          host.ioOps += io;
        });
      }
    },

    release(consumerId) {
      const one = ledger.byConsumer.get(consumerId);
      if (typeof one === 'string') {
        // One claim (nearly every consumer): no host list to build and sort.
        const claim = scheduler.releaseOn(consumerId, one);
        return claim === undefined ? [] : [claim];
      }
      const mine = consumerHosts(ledger, consumerId);
      if (mine.length === 0) return [];
      // By host name, as claimsOf; releaseOn's views are the released claims (one copy each).
      const hostNames = mine.length === 1 ? mine : mine.sort(byName);
      const released: Claim[] = [];
      for (const hostName of hostNames) {
        const claim = scheduler.releaseOn(consumerId, hostName);
        if (claim !== undefined) released.push(claim);
      }
      return released;
    },

    releaseOn(consumerId, hostName) {
      const r = findClaim(ledger, consumerId, hostName);
      if (r === undefined) return undefined;
      forgetClaim(ledger, consumerId, hostName);
      const h = hosts.get(hostName)!;
      countClaim(h, consumerId, subtractResources(h.used, r), -1);
      return claimView(consumerId, hostName, r);
    },

    claimsOf(consumerId) {
      return claimsOfConsumer(ledger, consumerId);
    },

    claimsOnHost(hostName) {
      return claimsOnHost(ledger, hostName);
    },

    moveClaim(fromConsumer, toConsumer) {
      const moving = claimsOfConsumer(ledger, fromConsumer);
      if (fromConsumer === toConsumer) return moving;
      for (const c of moving) {
        if (findClaim(ledger, toConsumer, c.host) !== undefined) {
          throw NovaError.conflict(
            `Consumer ${toConsumer} already holds an allocation on compute host ${c.host}.`,
          );
        }
      }
      for (const c of moving) {
        const r = findClaim(ledger, fromConsumer, c.host)!;
        forgetClaim(ledger, fromConsumer, c.host);
        recordClaim(ledger, toConsumer, c.host, r);
        const io = (busy.has(toConsumer) ? 1 : 0) - (busy.has(fromConsumer) ? 1 : 0);
        if (io !== 0) hosts.updateLoad(hosts.get(c.host)!, (host) => void (host.ioOps += io));
      }
      return moving.map((c) => ({ ...c, consumerId: toConsumer }));
    },

    select(request, now) {
      checkTime(now);
      const prepared = prepareRequest(request, env.enabledFilters);
      // No host has PCPU inventory to offer (see asksPcpu): Placement has no candidate.
      if (prepared.hasExtraSpecs && asksPcpu(prepared.extraSpecs)) {
        return { ok: false, reason: 'no-candidates' };
      }
      if (env.strategy === 'indexed' && indexServes(prepared, env)) {
        return selectByIndex(hosts, prepared, now, env);
      }
      return selectByScan(hosts.sorted(), prepared, now, env);
    },

    checkRebuild(request, host, now) {
      checkTime(now);
      const prepared = prepareRequest(request, env.enabledFilters);
      return checkRebuildHost(hosts.get(host), prepared, now, env);
    },

    setBusy(consumerId, isBusy) {
      if (busy.has(consumerId) === isBusy) return;
      if (isBusy) busy.add(consumerId);
      else busy.delete(consumerId);
      const delta = isBusy ? 1 : -1;
      const mine = ledger.byConsumer.get(consumerId);
      if (mine === undefined) return;
      // Nearly every consumer holds one claim, kept as its host's name: no array for it.
      if (typeof mine === 'string') addIoOps(hosts.get(mine)!, delta);
      else for (const hostName of mine.keys()) addIoOps(hosts.get(hostName)!, delta);
    },

    recordBuild(hostName, succeeded) {
      const h = hosts.get(hostName);
      if (h === undefined) return;
      // Nova counts a failure only while the threshold option is non-zero; a success always resets.
      if (!succeeded && !env.countFailedBuilds) return;
      const next = succeeded ? 0 : h.failedBuilds + 1;
      if (next !== h.failedBuilds) hosts.updateLoad(h, (host) => void (host.failedBuilds = next));
    },

    failedBuilds(hostName) {
      return hosts.get(hostName)?.failedBuilds ?? 0;
    },

    eachClaim(visit) {
      for (const consumerId of ledger.byConsumer.keys())
        eachClaimOf(ledger, consumerId, (host, resources) => visit(consumerId, host, resources));
    },
    *claimList() {
      for (const consumerId of ledger.byConsumer.keys()) {
        const claims: Claim[] = [];
        eachClaimOf(ledger, consumerId, (host, resources) =>
          claims.push({ consumerId, host, resources }),
        );
        yield* claims;
      }
    },
    snapshot(options = {}) {
      const snapshot: SchedulerSnapshot = {
        version: 1,
        hosts: hosts.sorted().map((h) => {
          const { spec, enabled, disabledReason, forcedDown, alive, lastHeartbeat } = viewHost(h);
          const host: HostSnapshot = {
            spec,
            enabled,
            disabledReason,
            forcedDown,
            alive,
            lastHeartbeat,
          };
          // Only when set, so snapshots of clouds without failures keep their old bytes.
          if (h.failedBuilds > 0) host.failedBuilds = h.failedBuilds;
          return host;
        }),
        claims: options.claims === false ? [] : allClaims(ledger),
      };
      if (busy.size > 0) snapshot.busy = [...busy];
      return snapshot;
    },
  };
  return scheduler;
}
