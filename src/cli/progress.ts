import type { ReplayProgress } from '../scenario/context.js';
import { formatOffset } from '../scenario/duration.js';

/**
 * A one-line progress display on a terminal's stderr: the file, the step, virtual time.
 * Other output goes through `around`, which clears the line first and redraws it after.
 * Does nothing when stderr is not a terminal.
 */
export class ProgressLine {
  private readonly write: (text: string) => void;
  private readonly enabled: boolean;
  private shown = '';
  private fileIndex = 0;
  private files = 0;

  constructor(write: (text: string) => void, enabled: boolean) {
    this.write = write;
    this.enabled = enabled;
  }

  startFile(index: number, count: number): void {
    this.fileIndex = index;
    this.files = count;
  }

  update(progress: ReplayProgress): void {
    if (!this.enabled) return;
    const text = `[${this.fileIndex + 1}/${this.files}] ${progress.file} step ${progress.step + 1}/${progress.steps} at ${formatOffset(progress.t)} (${progress.lines} events)`;
    if (text === this.shown) return;
    this.write(`\r\u001b[K${text}`);
    this.shown = text;
  }

  /** Runs `print` with the progress line out of the way. */
  around(print: () => void): void {
    if (!this.enabled || this.shown === '') {
      print();
      return;
    }
    this.write('\r\u001b[K');
    print();
    this.write(this.shown);
  }

  clear(): void {
    if (!this.enabled || this.shown === '') return;
    this.write('\r\u001b[K');
    this.shown = '';
  }
}
