/**
 * `simperium-rx <command>`: picks the command named by the first argument and runs it with the
 * rest. Handles the program's own `--help` and `--version`.
 */
import { badUsage, packageVersion, showHelp, type Command } from './command.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { serveCommand } from './commands/serve.js';
import { tail } from './commands/tail.js';
import { EXIT, writeLine, type ExitCode, type Io } from './io.js';

/** Every command, in the order the usage lists them. */
export const COMMANDS: ReadonlyArray<Command> = [
  serveCommand('simperium-rx serve'),
  tail,
  exportCommand,
  importCommand,
];

const names = (command: Command): string =>
  command.name === 'serve' ? 'serve' : `${command.name} <bucket>`;

export const USAGE = `Usage: simperium-rx <command> [options]

Commands:
${COMMANDS.map((c) => `  ${names(c).padEnd(17)}${c.summary}`).join('\n')}

Run \`simperium-rx <command> --help\` for a command's options. Commands that talk to a server
read SIMPERIUM_APP_ID, SIMPERIUM_TOKEN and SIMPERIUM_BASE_URL (or --app-id, --token and
--base-url).

Options:
  -h, --help       show this help
  --version        show the version

Exit status: 0 success, 1 failure (the network, refused credentials or entries, a file),
2 bad usage.`;

/**
 * Runs the command line `argv` (the arguments after the program name) and resolves with its
 * exit status.
 */
export const runProgram = async (argv: ReadonlyArray<string>, io: Io): Promise<ExitCode> => {
  const [name, ...rest] = argv;
  if (name === undefined) return badUsage(io, 'which command?', USAGE);
  if (name === '-h' || name === '--help' || name === 'help') {
    const command = COMMANDS.find((c) => c.name === rest[0]);
    return showHelp(io, command?.usage ?? USAGE);
  }
  if (name === '--version') {
    writeLine(io.stdout, packageVersion());
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  // An unknown word is not repeated: it may be a secret typed in the wrong place.
  if (command === undefined) {
    return badUsage(io, name.startsWith('-') ? 'unknown option' : 'unknown command', USAGE);
  }
  return command.run(rest, io);
};
