// Entry of out/simulation-reader.js: reads a simulation database into the
// results view's JSON, in its own Node process (the one whose runtime loads
// better-sqlite3), and prints it on stdout. Usage:
//   node simulation-reader.js DATABASE CONTEXT_JSON
// Exit status 3 when the SQLite binding does not load, 2 on bad arguments, 1 otherwise.

import { readSimulationResult, type QueryContext } from './read-simulation-database';

function main(): number {
  const [database, contextText] = process.argv.slice(2);
  if (!database || !contextText) {
    process.stderr.write('usage: simulation-reader DATABASE CONTEXT_JSON\n');
    return 2;
  }
  let Database: typeof import('better-sqlite3');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Database = require('better-sqlite3') as typeof import('better-sqlite3');
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 3;
  }
  let db: import('better-sqlite3').Database;
  try {
    db = new Database(database, { readonly: true, fileMustExist: true });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    // The binding loads lazily on the first open.
    return /NODE_MODULE_VERSION|bindings|\.node/.test(String(error)) ? 3 : 1;
  }
  try {
    const context = JSON.parse(contextText) as QueryContext;
    process.stdout.write(JSON.stringify(readSimulationResult(db, context)));
    return 0;
  } catch (error) {
    process.stderr.write(`cannot read ${database}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    db.close();
  }
}

process.exitCode = main();
