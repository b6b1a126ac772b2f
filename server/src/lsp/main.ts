// Entry point of the language server (bundled as out/server.js). The
// transport comes from the command line as vscode-languageserver reads it:
// `--stdio`, `--node-ipc` or `--socket=PORT`.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createParser } from '../syntax/tree-sitter';
import { WhirlpoolServer } from './server';

const connection = createConnection(ProposedFeatures.all);
const parser = createParser('python');
// Keep a failed grammar load from becoming an unhandled rejection; initialize reports it.
parser.catch(() => undefined);

new WhirlpoolServer(connection, parser, { debounceMilliseconds: 50 });

// A stray exception must not take the editor's diagnostics down with it.
process.on('uncaughtException', (error) => connection.console.error(`unexpected error: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unexpected rejection: ${String(reason)}`));

connection.listen();
