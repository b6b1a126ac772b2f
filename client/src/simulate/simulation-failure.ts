// Turns a simulator process that died or refused into one sentence that
// says what to do. The common case on a desktop VS Code: the extension host
// is Electron, whose ABI differs from the Node better-sqlite3 was built for.

export type SimulationProblem =
  | { readonly kind: 'sqlite-binding'; readonly message: string }
  | { readonly kind: 'node-not-found'; readonly message: string }
  | { readonly kind: 'missing-worker'; readonly message: string }
  | { readonly kind: 'bad-result'; readonly message: string }
  | { readonly kind: 'crashed'; readonly message: string; readonly details: string };

export interface FailureEvidence {
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly nodeLabel: string;
  /** The reader said the SQLite binding did not load (its exit status 3). */
  readonly sqliteBinding?: boolean;
  readonly spawnError?: unknown;
}

const bindingPatterns = [
  /NODE_MODULE_VERSION/,
  /was compiled against a different Node\.js version/,
  /Could not locate the bindings file/,
  /better_sqlite3\.node/,
  /invalid ELF header/,
  /ERR_DLOPEN_FAILED/,
];

export function explainFailure(evidence: FailureEvidence): SimulationProblem {
  const spawnCode = (evidence.spawnError as { code?: unknown } | undefined)?.code;
  if (spawnCode === 'ENOENT' || spawnCode === 'EACCES') {
    return {
      kind: 'node-not-found',
      message: `the simulator's Node.js (${evidence.nodeLabel}) cannot be started (${String(spawnCode)}); set whirlpool.simulator.nodePath to a Node.js 20 or later executable`,
    };
  }
  if (evidence.sqliteBinding === true || bindingPatterns.some((pattern) => pattern.test(evidence.stderr))) {
    return {
      kind: 'sqlite-binding',
      message: `the simulator's SQLite module (better-sqlite3) does not load in ${evidence.nodeLabel}; set whirlpool.simulator.nodePath to a Node.js 20 executable (for example the output of \`which node\`) and run the simulation again`,
    };
  }
  const lastLine = evidence.stderr.trim().split('\n').filter((line) => line.trim() !== '').pop() ?? '';
  const how = evidence.exitCode === null ? 'failed' : `stopped with exit code ${evidence.exitCode}`;
  return {
    kind: 'crashed',
    message: `the simulator ${how}${lastLine ? `: ${lastLine}` : ''}`,
    details: evidence.stderr,
  };
}
