/**
 * Test-only fault injection, set up by the module worker's entry (its composition root) and inert
 * unless `VBI_FAULT` is set: `exit-after-module-write[:N]` — at the module's N-th batch that
 * changes something (default 1), the batch is not committed after the module wrote its memory,
 * and the vault process exits with code 75. The next start must auto-recover (SPEC §4.3).
 */

/** Where a module's batch commits go; `false` when the fault withheld this one. */
export type CommitSink<C> = (commit: C) => boolean;

export const FAULT_EXIT_CODE = 75;

export function withFault<C>(fault: string | undefined, sink: CommitSink<C>): CommitSink<C> {
  const match = /^exit-after-module-write(?::(\d+))?$/.exec(fault ?? '');
  if (match === null) return sink;
  let countdown = Number(match[1] ?? '1');
  return (commit) => (--countdown === 0 ? false : sink(commit));
}
