import {
  type Cloud,
  type CloudOptions,
  type CloudSnapshot,
  createCloud,
  type TraceEntry,
} from '../cloud.js';
import type { SliceOptions } from '../snapshot/capture-slices.js';
import { createHold, type Hold } from './hold.js';

/** The cloud behind the server: replaced whole on restore and reset. */
export interface CloudHolder {
  readonly cloud: Cloud;
  /** Resumes a snapshot, served at this server's endpoint. */
  restore(snapshot: CloudSnapshot): void;
  /** A fresh cloud from the options the server started with. */
  reset(): void;
  /** Trace entries from global position `since` on, and the position after them. */
  trace(since: number, limit: number): { entries: TraceEntry[]; next: number; dropped: number };
  clearTrace(): void;
  /** Keeps the trace within its cap (the oldest entries go; positions stay valid). */
  trimTrace(): void;
  /** Holds requests while a save reads the cloud in slices. */
  readonly hold: Hold;
  /** How a streamed save slices its reading. */
  readonly slices: SliceOptions;
}

export interface CloudHolderOptions {
  /** What `createCloud` gets (without `restore`); `config.endpoint` is overridden. */
  readonly options: Omit<CloudOptions, 'restore' | 'trace'>;
  /** The compute endpoint's base (scheme, host and path prefix) links are rendered with. */
  readonly endpoint: string;
  /** The server's own noVNC page, used unless the options name another proxy. */
  readonly novncProxyBaseUrl?: string;
  /** Most trace entries kept; 0 turns the trace off. */
  readonly traceLimit: number;
  /** Called after the cloud was replaced. */
  readonly onReplace?: () => void;
  /** How a streamed save slices its reading (default: capture-slices.ts's defaults). */
  readonly slices?: SliceOptions;
}

/**
 * @example
 * const holder = createCloudHolder({ options: { seed: 1 }, endpoint: 'http://127.0.0.1:8774/compute', traceLimit: 100_000 });
 */
export function createCloudHolder(options: CloudHolderOptions): CloudHolder {
  const { endpoint, traceLimit } = options;
  const base = options.options;
  const trace = traceLimit > 0;
  const novnc =
    base.config?.novncProxyBaseUrl === undefined && options.novncProxyBaseUrl !== undefined
      ? { novncProxyBaseUrl: options.novncProxyBaseUrl }
      : {};
  const fresh = () =>
    createCloud({ ...base, trace, config: { ...base.config, endpoint, ...novnc } });
  let cloud = fresh();
  // Entries dropped from the front of cloud.trace, so that positions keep counting up.
  let dropped = 0;

  const replace = (next: Cloud) => {
    cloud = next;
    dropped = 0;
    options.onReplace?.();
  };

  return {
    hold: createHold(),
    slices: options.slices ?? {},
    get cloud() {
      return cloud;
    },
    restore(snapshot) {
      const restored = { ...snapshot, config: { ...snapshot.config, endpoint, ...novnc } };
      replace(createCloud({ restore: restored, trace }));
    },
    reset() {
      replace(fresh());
    },
    trace(since, limit) {
      const entries = cloud.trace ?? [];
      const start = Math.max(0, since - dropped);
      const page = entries.slice(start, start + limit);
      return { entries: page, next: dropped + start + page.length, dropped };
    },
    clearTrace() {
      if (!cloud.trace) return;
      dropped += cloud.trace.length;
      cloud.trace.length = 0;
    },
    trimTrace() {
      const entries = cloud.trace;
      if (!entries || entries.length <= traceLimit) return;
      const extra = entries.length - traceLimit;
      entries.splice(0, extra);
      dropped += extra;
    },
  };
}
