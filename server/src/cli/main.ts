// Entry point of the `whirlpool` command (bundled as out/cli.js, run by
// bin/whirlpool.js). All logic is in run.ts so tests can drive it in-process.

import { runCli } from './run';

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only a bug gets here: say so in one line, not a stack trace.
    process.stderr.write(`whirlpool: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env["WHIRLPOOL_DEBUG"]) process.stderr.write(`${error instanceof Error ? error.stack : ""}\n`);
    process.exitCode = 2;
  },
);
