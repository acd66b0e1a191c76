export function classify(
  program: string,
  step: { body?: unknown; [key: string]: unknown },
  diff: { kind: string; path?: string; nova?: string; sim?: string; simStatus?: string },
): string | undefined;
