/** One operator command of `pnpm vault` (SPEC §7). Each command lives in its own file under
 * `commands/` and is listed in `main.ts`. */
export interface CliCommand {
  /** The word after `pnpm vault`, e.g. `init` or `release` (sub-words are parsed by `run`). */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full help text printed for `--help`: usage line, every option, an example. */
  help: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}
