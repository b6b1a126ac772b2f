// What a subcommand may touch of its process: output streams and the working
// directory. Exit codes are returned, never passed to process.exit, so tests
// run subcommands in-process.

export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes shared by every subcommand. */
export const exitCode = {
  clean: 0,
  findings: 1,
  /** Bad arguments, or a file that could not be read. */
  failure: 2,
} as const;
