/** One HTTP request as a service sees it: the body read, the service's path prefix removed. */
export interface HttpRequest {
  /** Upper-case; HEAD arrives as GET with `head` set. */
  readonly method: string;
  /** The path inside the service, starting with `/`, without the query string. */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly search: string;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body text; '' when there was none. */
  readonly body: string;
  /** The body's bytes as they came (image uploads are binary, not UTF-8). */
  readonly raw?: Uint8Array;
  /** The request was a HEAD: the transport drops the body of the answer. */
  readonly head: boolean;
}

/** What a service answers; the transport serialises `body` as JSON. */
export interface HttpResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON value; undefined or null for an empty body; a Uint8Array is sent as is. */
  readonly body?: unknown;
  /** `body` as JSON text, when the service had it ready: sent instead of serialising `body`. */
  readonly text?: string;
}

/** A service (identity, compute, image, network, control): synchronous, never throws. */
export type Service = (request: HttpRequest) => HttpResponse;

/** Where the server can be reached, filled in once it listens. */
export interface Endpoints {
  /** `http://host:port`, no trailing slash. */
  readonly base: string;
  /** The unversioned Keystone URL clients use as `auth_url`. */
  readonly identity: string;
  /** Nova's `.../v2.1`, as the service catalog lists it. */
  readonly compute: string;
  /** Glance's unversioned URL. */
  readonly image: string;
  /** Neutron's unversioned URL. */
  readonly network: string;
  /** Cinder's unversioned URL (`.../volume`). */
  readonly volume: string;
  /** The control API, `.../_sim`. */
  readonly control: string;
}
