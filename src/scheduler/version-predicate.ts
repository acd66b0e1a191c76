/**
 * oslo.utils' `versionutils.VersionPredicate` (what ImagePropertiesFilter checks
 * `img_hv_requested_version` with) and `convert_version_to_str` (how it prints the host's
 * integer hypervisor_version): a comma-separated list of `<op> <version>` clauses, all of
 * which must hold. Versions compare as PEP 440 release numbers (`packaging.version`), so
 * trailing zeros do not count: `1.0 == 1`.
 */

const CLAUSE = /^\s*(<=|>=|<|>|!=|==)\s*(\S+)\s*$/;
/** The PEP 440 forms handled: an optional `v`, an optional epoch, a dotted release. */
const RELEASE = /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)$/i;

type Version = readonly number[];

function parseVersion(text: string): Version | null {
  const match = RELEASE.exec(text.trim());
  if (!match) return null;
  const release = match[2]!.split('.').map(Number);
  while (release.length > 1 && release.at(-1) === 0) release.pop();
  return [Number(match[1] ?? 0), ...release];
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const TESTS: Readonly<Record<string, (sign: number) => boolean>> = {
  '<': (s) => s < 0,
  '<=': (s) => s <= 0,
  '==': (s) => s === 0,
  '>': (s) => s > 0,
  '>=': (s) => s >= 0,
  '!=': (s) => s !== 0,
};

/**
 * `convert_version_to_str`: 1000 → `1.0`, 6004001 → `6.4.1` (base-1000 digits).
 *
 * @example
 * versionString(2011000); // '2.11.0'
 */
export function versionString(version: number): string {
  const parts: number[] = [];
  for (let v = version; v !== 0; v = Math.floor(v / 1000)) parts.unshift(v % 1000);
  return parts.join('.');
}

/**
 * Does the integer hypervisor version satisfy the predicate? A predicate (or a version
 * form) this does not parse satisfies nothing.
 *
 * @example
 * versionSatisfies('>=1.0, <2.0', 1000); // true
 */
export function versionSatisfies(predicate: string, hypervisorVersion: number): boolean {
  const have = parseVersion(versionString(hypervisorVersion));
  if (have === null) return false;
  for (const clause of predicate.split(',')) {
    const match = CLAUSE.exec(clause);
    const want = match ? parseVersion(match[2]!) : null;
    if (!match || want === null) return false;
    if (!TESTS[match[1]!]!(compare(have, want))) return false;
  }
  return true;
}
