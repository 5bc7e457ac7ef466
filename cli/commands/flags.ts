import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { repoPath } from '../../core/index.js';
import { editFlagsFile, FLAGS_FILE, FLAGS_FILE_ENV, listFlags, parseSetting, type FlagProblem, type FlagRow } from '../../flags/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs flags list [--file F]
       zeus-obs flags set <flag> <variant|percentage> [--file F]

Lists or edits the feature-flag definitions (flagd JSON) that the reference services evaluate
through OpenFeature. A running service picks an edit up within about a second, without a restart.

  list                       each flag: state, default variant, variants, and its targeting
                             (static, or the fractional split; "+ rules" when a rule such as the
                             sandbox one comes first)
  set <flag> <variant>       serve that variant to everyone: a kill switch ('off') or a full
                             rollout; the flag's targeting rules are removed
  set <flag> <N> | <N>%      serve the flag's rollout variant (metadata.rolloutVariant) to N% of
                             targeting keys (students, faculty) and its other variant to the rest;
                             rules before the split (the sandbox rule) are kept

An edit is validated against the flagd schema and the flag's variants before anything is
written; a bad edit is refused with every reason (exit 1) and the file is left as it was. The
new file replaces the old one atomically.

Options:
  --file F     definitions file (default: $${FLAGS_FILE_ENV}, else ${FLAGS_FILE} in the repository)
  -h, --help   show this help

Examples:
  npx zeus-obs flags list
  npx zeus-obs flags set enrollment-passing-time-check off
  npx zeus-obs flags set enrollment-passing-time-check 25%`;

function table(rows: FlagRow[]): string {
  const lines = [['FLAG', 'STATE', 'DEFAULT', 'VARIANTS', 'TARGETING'], ...rows.map((r) => [r.key, r.state, r.defaultVariant, r.variants.join(','), r.targeting])];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  return lines.map((line) => line.map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

function printProblems(file: string, problems: readonly FlagProblem[]): void {
  console.error(`zeus-obs flags: refused; ${file} is unchanged:\n${problems.map((p) => `  ${p.field}: ${p.message}`).join('\n')}`);
}

async function list(file: string): Promise<number> {
  const result = listFlags(await readFile(file, 'utf8'));
  if (!result.ok) {
    console.error(`zeus-obs flags: ${file} is invalid:\n${result.problems.map((p) => `  ${p.field}: ${p.message}`).join('\n')}`);
    return 1;
  }
  console.log(table(result.rows));
  return 0;
}

async function set(file: string, key: string, raw: string): Promise<number> {
  const result = await editFlagsFile(file, key, parseSetting(raw));
  if (!result.ok) {
    printProblems(file, result.problems);
    return 1;
  }
  console.log(result.summary);
  return 0;
}

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { file: { type: 'string' } }, strict: true });
    const file = values.file ?? (process.env[FLAGS_FILE_ENV]?.trim() || repoPath(FLAGS_FILE));
    const [action, ...rest] = positionals;
    if (action === 'list' && rest.length === 0) return list(file);
    if (action === 'set' && rest.length === 2) return set(file, rest[0]!, rest[1]!);
    console.error(`zeus-obs flags: expected 'list' or 'set <flag> <variant|percentage>'\n\n${HELP}`);
    return 2;
  },
};

export default command;
