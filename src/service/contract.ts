import type { TimerTask } from '../clock/virtual-clock.js';

/** The services of the one cloud, as the Keystone catalog names their types. */
export type ServiceName = 'compute' | 'identity' | 'image' | 'network' | 'volume';

/** Who is calling, as Keystone would say: project, user and roles. */
export interface Auth {
  readonly projectId: string;
  readonly userId: string;
  readonly roles: readonly string[];
}

/** The one entry point's input: what an HTTP request carries. */
export interface ServiceRequest {
  /** Which service answers; Nova when absent. */
  readonly service?: ServiceName;
  readonly method: string;
  /**
   * The path inside the service, as its endpoint in the catalog would be followed by it
   * (Nova: `/v2.1/servers`; Neutron: `/v2.0/networks`; Cinder: `/v3/{project}/volumes`).
   * May carry `?query`.
   */
  readonly path: string;
  /** A parsed JSON value, or the raw text of the body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  readonly auth?: Partial<Auth>;
  /**
   * The caller sends the answer on as JSON text (the HTTP server): a service may then put
   * the body's text, ready made, in the answer's `text`.
   */
  readonly textBody?: boolean;
}

export interface ServiceResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /**
   * The JSON body, or null when the response has none. Typed loosely on purpose: tests
   * read it like the JSON it is (`res.body.server.id`).
   */
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON, read freely by tests
  readonly body: any;
  /**
   * `JSON.stringify(body)`, when the service had it ready (only for a request with
   * `textBody`; `body` then parses it on each read).
   */
  readonly text?: string;
}

/**
 * A simulated neighbour of Nova (Keystone, Glance, Neutron, Cinder): one more service of
 * the same cloud, on the same clock, PRNG, events and snapshot. Synchronous; bad input gets
 * the service's own error body, never an exception.
 */
export interface SimulatedService<Snapshot = unknown> {
  readonly name: Exclude<ServiceName, 'compute'>;
  handle(request: ServiceRequest): ServiceResponse;
  /** Plain JSON; the service's factory takes it back to resume exactly. */
  snapshot(): Snapshot;
  /** Runs one of this service's timers: those whose `kind` is the service's name. */
  runTask?(task: TimerTask): void;
}
