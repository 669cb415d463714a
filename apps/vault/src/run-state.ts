/** `DIR/run.json`: what a running vault reports about itself, for `vault status`. */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const RUN_STATE_FILE = 'run.json';

export const runStateSchema = z.object({
  pid: z.number().int(),
  url: z.string(),
  halted: z.boolean(),
  modules: z.array(z.object({ serial: z.number().int(), state: z.string() })),
  at: z.string(),
});
export type RunState = z.infer<typeof runStateSchema>;

export function writeRunState(dataDir: string, state: RunState): void {
  const file = join(dataDir, RUN_STATE_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function clearRunState(dataDir: string): void {
  rmSync(join(dataDir, RUN_STATE_FILE), { force: true });
}

/** The state of a vault process that is still alive, or null. */
export function readRunState(dataDir: string): RunState | null {
  const file = join(dataDir, RUN_STATE_FILE);
  if (!existsSync(file)) return null;
  const parsed = runStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) return null;
  try {
    process.kill(parsed.data.pid, 0);
    return parsed.data;
  } catch {
    return null;
  }
}
