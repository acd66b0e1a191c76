import { type Cloud, type CloudSnapshot, createCloud } from '../cloud.js';
import type { CloudHolder } from '../http/cloud-holder.js';
import { createHold } from '../http/hold.js';

/**
 * A {@link CloudHolder} around a cloud the caller made: `/_sim/reset` goes back to the
 * cloud as it was when it was taken, `/_sim/restore` resumes a snapshot. Both replace the
 * cloud object; `current()` gives the one in use. The trace is the cloud's own (it exists
 * when the cloud was made with `trace: true`), and is never trimmed here.
 *
 * @example
 * const holder = holdCloud(createCloud({ seed: 1 }));
 * holder.reset();
 */
export function holdCloud(initial: Cloud, onReplace?: () => void): CloudHolder {
  const start = initial.snapshot();
  const trace = initial.trace !== undefined;
  let cloud = initial;
  let dropped = 0;
  const replace = (snapshot: CloudSnapshot) => {
    const next = { ...snapshot, config: { ...snapshot.config, endpoint: cloud.config.endpoint } };
    cloud = createCloud({ restore: next, trace });
    dropped = 0;
    onReplace?.();
  };
  return {
    // The process's own code may change the cloud at any await: a save reads it at once.
    hold: createHold(),
    slices: { rows: Number.POSITIVE_INFINITY },
    get cloud() {
      return cloud;
    },
    restore: replace,
    reset: () => replace(start),
    trace(since, limit) {
      const entries = cloud.trace ?? [];
      const begin = Math.max(0, since - dropped);
      const page = entries.slice(begin, begin + limit);
      return { entries: page, next: dropped + begin + page.length, dropped };
    },
    clearTrace() {
      if (!cloud.trace) return;
      dropped += cloud.trace.length;
      cloud.trace.length = 0;
    },
    trimTrace() {},
  };
}
