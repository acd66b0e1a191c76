/**
 * Holds the cloud still while long jobs read it in slices: requests that arrive meanwhile
 * wait until every such job is over, so each job sees one instant's state while the event
 * loop stays free between its slices. Jobs only read, so several may run at once.
 *
 * @example
 * const hold = createHold();
 * const captured = hold.during(captureInSlices(cloud)); // requests now wait on hold.wait()
 */
export interface Hold {
  /** Holds requests until the job settles; answers what the job answers. */
  during<T>(job: Promise<T>): Promise<T>;
  /** Undefined when nothing holds the cloud, else what to wait for. */
  wait(): Promise<void> | undefined;
  /** How many requests are waiting. */
  readonly waiting: number;
  /** Whether a job holds the cloud now. */
  readonly busy: boolean;
}

export function createHold(): Hold {
  const jobs = new Set<Promise<unknown>>();
  let waiting = 0;
  const wait = (): Promise<void> | undefined => {
    if (jobs.size === 0) return undefined;
    waiting++;
    return Promise.allSettled([...jobs]).then(() => {
      waiting--;
      // A job that started meanwhile holds them too.
      return wait();
    });
  };
  return {
    during(job) {
      jobs.add(job);
      const done = () => {
        jobs.delete(job);
      };
      job.then(done, done);
      return job;
    },
    wait,
    get waiting() {
      return waiting;
    },
    get busy() {
      return jobs.size > 0;
    },
  };
}
