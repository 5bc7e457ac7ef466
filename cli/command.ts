/**
 * A `zeus-obs` subcommand. Modules under cli/commands/ default-export one of these; its name and
 * one-line summary live in `COMMANDS` (cli/commands.ts), so `--help` loads no command module.
 */
export interface Command {
  /** Full `--help` text: usage line, options with defaults, examples. */
  readonly help: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** True when argv asks for help (`--help` or `-h` anywhere). */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
