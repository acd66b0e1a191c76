import { type Cloud, type CloudOptions, type CloudSnapshot, createCloud } from '../cloud.js';
import type { Claim } from '../scheduler/index.js';
import { decodeBlock } from './column-decode.js';
import { markOwned } from './owned.js';
import { LINES_FORMAT, LINES_VERSION } from './save.js';
import { readClaims, readServers } from './server-records.js';
import { checkSnapshotShape, ServerChecker, SnapshotError } from './validate.js';

const fail = (what: string) => new SnapshotError(`Invalid snapshot: ${what}`);

function parse(line: string, at: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw fail(`${at} is not JSON (${(error as Error).message}); the file may be cut off`);
  }
}

/**
 * Reads a streamed snapshot line by line, checking each as it comes: the header, the rest
 * of the cloud (against the snapshot schema), each block of servers, and the end line.
 *
 * @example
 * const reader = new SnapshotReader();
 * for (const line of text.split('\n')) reader.line(line);
 * const cloud = createCloud({ restore: reader.finish() });
 */
export class SnapshotReader {
  private lineNo = 0;

  /** Lines read so far. */
  get lines(): number {
    return this.lineNo;
  }

  private expected = 0;
  private version = 1;
  /** Claims of version 2 name their servers by position among those read. */
  private readonly serverIdAt = (ordinal: number): string | undefined =>
    (this.servers[ordinal] as { id?: string } | undefined)?.id;
  private expectedClaims = 0;
  private claims: Claim[] = [];
  private rest: CloudSnapshot | undefined;
  private checker: ServerChecker | undefined;
  private servers: object[] = [];
  private ended = false;

  /** Takes one line (without its newline); empty lines between records are ignored. */
  line(text: string): void {
    if (text === '') return;
    this.lineNo++;
    const at = `line ${this.lineNo}`;
    if (this.ended) throw fail(`${at} comes after the end line`);
    const json = parse(text, at);
    if (this.lineNo === 1) {
      this.header(json);
      return;
    }
    if (this.lineNo === 2) {
      checkSnapshotShape(json);
      const rest = json as CloudSnapshot;
      if (rest.servers.length !== 0 || rest.scheduler.claims.length !== 0)
        throw fail(`${at} lists servers or claims outside the blocks`);
      this.rest = rest;
      this.checker = new ServerChecker(rest);
      return;
    }
    const record = json as { end?: unknown; servers?: unknown; claims?: unknown };
    if (typeof record !== 'object' || record === null) throw fail(`${at} is not an object`);
    if ('end' in record) {
      if (
        record.end !== LINES_FORMAT ||
        record.servers !== this.servers.length ||
        record.claims !== this.claims.length
      ) {
        throw fail(
          `${at}: the end line does not match (${this.servers.length} servers and ${this.claims.length} claims read)`,
        );
      }
      this.ended = true;
      return;
    }
    if ('servers' in record) {
      const block = decodeBlock(record.servers, `${at} (servers)`, this.version);
      if (this.servers.length + block.rows > this.expected)
        throw fail(`${at} brings more servers than the ${this.expected} the header promised`);
      const read = readServers(block, at, this.servers.length, this.checker!);
      for (const server of read) this.servers.push(server);
      return;
    }
    if ('claims' in record) {
      const block = decodeBlock(record.claims, `${at} (claims)`, this.version, this.serverIdAt);
      if (this.claims.length + block.rows > this.expectedClaims)
        throw fail(`${at} brings more claims than the ${this.expectedClaims} the header promised`);
      const read = readClaims(block, at);
      // Consumers found by server position are servers read: only those listed apart
      // (moves, or none) wait for the end's check against the servers and moves.
      const apart = block.columns.get('consumerId')?.apart;
      this.checker!.addClaims(read, apart === undefined ? undefined : new Set(apart));
      for (const claim of read) this.claims.push(claim);
      return;
    }
    throw fail(`${at} is neither a block of servers or claims nor the end line`);
  }

  /**
   * The snapshot read, for `createCloud({ restore })`, which adopts its servers without
   * checking or copying them again (once); throws if the snapshot stopped short.
   */
  finish(): CloudSnapshot {
    if (this.rest === undefined || !this.ended) {
      throw fail(
        `the file is cut off after line ${this.lineNo} (${this.servers.length} of ${this.expected} servers, no end line)`,
      );
    }
    this.checker!.finish();
    const { servers, claims, rest } = this;
    this.servers = [];
    this.claims = [];
    markOwned(servers);
    return { ...rest, scheduler: { ...rest.scheduler, claims }, servers } as CloudSnapshot;
  }

  private header(json: unknown): void {
    const h = json as { format?: unknown; version?: unknown; servers?: unknown; claims?: unknown };
    if (typeof h !== 'object' || h === null || h.format !== LINES_FORMAT)
      throw fail(`line 1 is not a ${LINES_FORMAT} header`);
    if (h.version !== 1 && h.version !== LINES_VERSION)
      throw fail(
        `version ${JSON.stringify(h.version)} is not supported (this nova-sim reads versions 1 and ${LINES_VERSION})`,
      );
    const count = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
    if (!count(h.servers) || !count(h.claims))
      throw fail("line 1 lacks the counts 'servers' and 'claims'");
    this.version = h.version;
    this.expected = h.servers as number;
    this.expectedClaims = h.claims as number;
  }
}

/**
 * Restores a cloud from {@link saveSnapshot}'s text, as strictly checked as
 * `createCloud({ restore })`: a cut-off file, duplicate ids, wrong types or states that do
 * not exist throw a {@link SnapshotError} naming the line and what is wrong.
 *
 * @example
 * const copy = restoreSnapshot(saveSnapshot(cloud));
 */
export function restoreSnapshot(text: string, options: Omit<CloudOptions, 'restore'> = {}): Cloud {
  return createCloud({ ...options, restore: parseSnapshot(text) });
}

/**
 * Reads and checks {@link saveSnapshot}'s text into a snapshot for `createCloud({ restore })`.
 *
 * @example
 * const cloud = createCloud({ restore: parseSnapshot(text), trace: true });
 */
export function parseSnapshot(text: string): CloudSnapshot {
  const reader = new SnapshotReader();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    reader.line(text.slice(start, end));
    start = end + 1;
  }
  return reader.finish();
}

/**
 * {@link restoreSnapshot} from a stream of chunks (a file or HTTP body), a line at a time,
 * so the whole text is never held at once.
 *
 * @example
 * const cloud = await readSnapshot(createReadStream('cloud.snap'));
 */
export async function readSnapshot(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: Omit<CloudOptions, 'restore'> = {},
): Promise<Cloud> {
  const reader = new SnapshotReader();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  const decode = (chunk: Uint8Array | undefined) => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      throw fail(`the bytes after line ${reader.lines} are not UTF-8`);
    }
  };
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decode(chunk);
    let end = pending.indexOf('\n');
    while (end >= 0) {
      reader.line(pending.slice(0, end));
      pending = pending.slice(end + 1);
      end = pending.indexOf('\n');
    }
  }
  reader.line(pending + decode(undefined));
  return createCloud({ ...options, restore: reader.finish() });
}
