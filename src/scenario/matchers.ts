import { isDeepStrictEqual } from 'node:util';
import { STATUS_ALIASES } from '../compute/status-map.js';
import type { Matcher } from './types.js';

/** A value looked up for a check: `found` false when the pointer or field is absent. */
export interface Subject {
  readonly found: boolean;
  readonly value: unknown;
}

type MatcherObject = Exclude<Matcher, null | boolean | number | string | readonly unknown[]>;

function isMatcherObject(matcher: Matcher): matcher is MatcherObject {
  return matcher !== null && typeof matcher === 'object' && !Array.isArray(matcher);
}

/** Old status spellings (BUILDING, RESCUED, STOPPED) read as today's. */
export function canonicalStatus(value: unknown): unknown {
  return typeof value === 'string' ? (STATUS_ALIASES[value.toUpperCase()] ?? value) : value;
}

/** The same matcher with every literal passed through `map` (regexes left alone). */
export function mapMatcher(matcher: Matcher, map: (value: unknown) => unknown): Matcher {
  if (!isMatcherObject(matcher)) return map(matcher) as Matcher;
  const out: Record<string, unknown> = { ...matcher };
  if ('equals' in matcher) out.equals = map(matcher.equals);
  if ('not' in matcher) out.not = map(matcher.not);
  if (matcher.oneOf) out.oneOf = matcher.oneOf.map(map);
  return out as Matcher;
}

/** Human text of what a matcher wants. */
export function describeMatcher(matcher: Matcher): string {
  if (!isMatcherObject(matcher)) return JSON.stringify(matcher);
  const parts: string[] = [];
  if ('equals' in matcher) parts.push(JSON.stringify(matcher.equals));
  if (matcher.match !== undefined) parts.push(`matching /${matcher.match}/`);
  if (matcher.oneOf) parts.push(`one of ${matcher.oneOf.map((v) => JSON.stringify(v)).join(', ')}`);
  if ('not' in matcher) parts.push(`not ${JSON.stringify(matcher.not)}`);
  if (matcher.exists === true) parts.push('present');
  if (matcher.exists === false) parts.push('absent');
  if (matcher.length !== undefined) parts.push(`length ${describeMatcher(matcher.length)}`);
  if (matcher.min !== undefined) parts.push(`≥ ${matcher.min}`);
  if (matcher.max !== undefined) parts.push(`≤ ${matcher.max}`);
  return parts.join(' and ');
}

/**
 * Whether a subject satisfies a matcher. A plain value must be deep-equal; an object's
 * keys must all hold. An absent subject passes only `{ exists: false }`.
 *
 * @example
 * matches({ found: true, value: 'web-1' }, { match: '^web-' }); // true
 */
export function matches(subject: Subject, matcher: Matcher): boolean {
  if (!isMatcherObject(matcher)) return subject.found && isDeepStrictEqual(subject.value, matcher);
  if (matcher.exists !== undefined && matcher.exists !== subject.found) return false;
  if (!subject.found) return matcher.exists === false;
  const { value } = subject;
  if ('equals' in matcher && !isDeepStrictEqual(value, matcher.equals)) return false;
  if (matcher.match !== undefined) {
    if (typeof value !== 'string' || !new RegExp(matcher.match).test(value)) return false;
  }
  if (matcher.oneOf && !matcher.oneOf.some((option) => isDeepStrictEqual(value, option))) {
    return false;
  }
  if ('not' in matcher && isDeepStrictEqual(value, matcher.not)) return false;
  if (matcher.length !== undefined) {
    const length =
      typeof value === 'string' || Array.isArray(value)
        ? value.length
        : value !== null && typeof value === 'object'
          ? Object.keys(value).length
          : undefined;
    if (length === undefined || !matches({ found: true, value: length }, matcher.length)) {
      return false;
    }
  }
  if (matcher.min !== undefined && !(typeof value === 'number' && value >= matcher.min)) {
    return false;
  }
  if (matcher.max !== undefined && !(typeof value === 'number' && value <= matcher.max)) {
    return false;
  }
  return true;
}
