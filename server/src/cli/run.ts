// The `whirlpool` command: a small dispatcher. Each subcommand lives in its
// own file and exports a `Subcommand`; add new ones to `subcommands`.

import { version } from '../../../package.json';
import { exitCode, type CliIo } from './cli-io';
import { lintCommand } from './lint';
import { testCommand } from './test-scenarios';
import { simulateCommand } from './simulate';

export interface Subcommand {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  readonly run: (args: readonly string[], io: CliIo) => Promise<number>;
}

const subcommands: readonly Subcommand[] = [lintCommand, simulateCommand, testCommand];

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(usage());
    return first === undefined ? exitCode.failure : exitCode.clean;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`whirlpool ${version}\n`);
    return exitCode.clean;
  }
  const command = subcommands.find((candidate) => candidate.name === first);
  if (!command) {
    io.stderr(`whirlpool: unknown command ${JSON.stringify(first)} (run \`whirlpool --help\` for the list)\n`);
    return exitCode.failure;
  }
  return command.run(rest, io);
}

function usage(): string {
  const width = Math.max(...subcommands.map((command) => command.name.length));
  const lines = subcommands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: whirlpool <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `whirlpool <command> --help` for the options of a command.',
    '',
  ].join('\n');
}
