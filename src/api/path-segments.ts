/**
 * The non-empty `/`-separated segments of a path, as `path.split('/').filter(s => s !== '')`
 * gives them, in one pass: the split and filter built two arrays per request and were the
 * costliest line of `Api.handle`'s own time.
 *
 * @example
 * pathSegments('/v2.1//servers/abc/'); // ['v2.1', 'servers', 'abc']
 */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i === path.length || path.charCodeAt(i) === 0x2f) {
      if (i > start) segments.push(path.slice(start, i));
      start = i + 1;
    }
  }
  return segments;
}
