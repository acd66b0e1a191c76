/** Query parameters as Nova's webob sees them: names may repeat, order is kept. */
export class Query {
  private readonly pairs: readonly (readonly [string, string])[];

  constructor(pairs: readonly (readonly [string, string])[]) {
    this.pairs = pairs;
  }

  static parse(
    search: string,
    extra: Readonly<Record<string, string | readonly string[]>> = {},
  ): Query {
    const pairs: [string, string][] = [];
    if (search !== '') {
      for (const part of search.split('&')) {
        if (part === '') continue;
        const eq = part.indexOf('=');
        const rawName = eq < 0 ? part : part.slice(0, eq);
        const rawValue = eq < 0 ? '' : part.slice(eq + 1);
        pairs.push([decode(rawName), decode(rawValue)]);
      }
    }
    for (const [name, value] of Object.entries(extra ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) pairs.push([name, String(v)]);
    }
    return new Query(pairs);
  }

  has(name: string): boolean {
    return this.pairs.some(([n]) => n === name);
  }

  /** The last value given for a name (webob's `GET[name]`). */
  get(name: string): string | undefined {
    for (let i = this.pairs.length - 1; i >= 0; i--) {
      const pair = this.pairs[i]!;
      if (pair[0] === name) return pair[1];
    }
    return undefined;
  }

  getAll(name: string): string[] {
    return this.pairs.filter(([n]) => n === name).map(([, v]) => v);
  }

  names(): string[] {
    return [...new Set(this.pairs.map(([n]) => n))];
  }

  entries(): readonly (readonly [string, string])[] {
    return this.pairs;
  }

  /** The query with `name` set to one value, sorted by name as Nova's next links are. */
  withOnly(name: string, value: string): string {
    const kept = this.pairs.filter(([n]) => n !== name).concat([[name, value]]);
    return [...kept]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`)
      .join('&');
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
