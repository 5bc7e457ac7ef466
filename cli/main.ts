import { COMMANDS } from './commands.js';
import { wantsHelp } from './command.js';

const USAGE = `Usage: zeus-obs <command> [options]

Zeus Observability: the observability and SRE stack of the Zeus Academia System.

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(12)} ${summary}`)
  .join('\n')}

Run 'zeus-obs <command> --help' for a command's options.`;

/** Dispatches argv to a subcommand; resolves to the exit code (2 for usage errors). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    console.error(`zeus-obs: unknown command '${name}'.\n\n${USAGE}`);
    return 2;
  }
  const { default: command } = await entry.load();
  if (wantsHelp(rest)) {
    console.log(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    console.error(`zeus-obs ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
