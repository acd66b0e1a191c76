import type { Server } from './server.js';

/**
 * Deleted servers in the order they were deleted, so the archive job takes the expired
 * ones from the front without scanning the rest. Deletion times follow the clock, so the
 * queue stays sorted; servers restored from a snapshot are sorted once, on first use.
 */
export class DeletedRows {
  private queue: Server[] = [];
  private head = 0;
  private sorted = true;

  deleted(server: Server): void {
    this.queue.push(server);
  }

  restored(server: Server): void {
    this.queue.push(server);
    this.sorted = false;
  }

  /** Takes out and returns the servers deleted at or before `before` (epoch ms). */
  expired(before: number): Server[] {
    if (!this.sorted) {
      this.queue = this.queue
        .slice(this.head)
        .sort((a, b) => deletedAt(a) - deletedAt(b) || a.dbId - b.dbId);
      this.head = 0;
      this.sorted = true;
    }
    const out: Server[] = [];
    while (this.head < this.queue.length && deletedAt(this.queue[this.head]!) <= before) {
      out.push(this.queue[this.head]!);
      this.head++;
    }
    // Drop the taken prefix once it is the larger part, so the array does not grow forever.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return out;
  }
}

function deletedAt(server: Server): number {
  return server.terminatedAt ?? server.deletedAt ?? 0;
}
