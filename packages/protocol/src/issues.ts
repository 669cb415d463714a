/** Short, bounded, person-readable text for a zod failure: the first issue and its path. */
import type { z } from 'zod';

const MAX_SEGMENT = 40;
const MAX_MESSAGE = 200;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += `${out === '' ? '' : '.'}${clip(String(segment), MAX_SEGMENT)}`;
  }
  return out === '' ? '(frame)' : out;
}

/** "body.amount: must be at least 1 mill". Never echoes input values; key names are clipped. */
export function describeFirstIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  if (!issue) return `${prefix || 'frame'}: invalid`;
  if (issue.code === 'unrecognized_keys') {
    const key = clip(String(issue.keys[0] ?? ''), MAX_SEGMENT);
    return clip(`${formatPath(prefix, [...issue.path, key])}: unexpected field`, MAX_MESSAGE);
  }
  return clip(`${formatPath(prefix, issue.path)}: ${issue.message}`, MAX_MESSAGE);
}
