/** The newest microversion nova-sim serves by default (CloudConfig.maxMicroversion). */
export const MAX_MICROVERSION = '2.104';

function parts(version: string): [number, number] {
  const [major = '2', minor = '0'] = version.split('.');
  return [Number(major), Number(minor)];
}

/** `latest` read as the cloud's maximum. */
export function resolveVersion(version: string, max = MAX_MICROVERSION): string {
  return /latest$/i.test(version) ? max : version;
}

/** Is `version` (possibly `latest`) at least `min`? */
export function atLeast(version: string, min: string, max = MAX_MICROVERSION): boolean {
  const [a, b] = parts(resolveVersion(version, max));
  const [c, d] = parts(min);
  return a !== c ? a > c : b >= d;
}

/** The request headers that ask for a microversion. */
export function versionHeaders(version: string): Record<string, string> {
  return { 'OpenStack-API-Version': `compute ${version}` };
}
