// The "Simulate" code lens above each streaming query's start()/toTable():
// the server knows the model, so it says where the queries are; the client's
// `whirlpool.simulate` command receives the arguments below and runs the
// simulator in its own process.
//
// Register in the server: declare `codeLensProvider: {}` and answer
// `textDocument/codeLens` with simulateCodeLenses(model, index, uri).

import type { CodeLens } from 'vscode-languageserver/node';
import type { PipelineModel, StreamWriter } from '../model/pipeline';
import type { LineIndex } from '../model/span';

export const simulateCommand = 'whirlpool.simulate';

/** The arguments of `whirlpool.simulate`, as the client declares them (client/src/simulate/simulate-command.ts). */
export interface SimulateArguments {
  readonly uri: string;
  /** 0-based line of the start()/toTable() call. */
  readonly line: number;
  readonly writerId: number;
  readonly queryName: string | null;
}

export function simulateCodeLenses(model: PipelineModel, index: LineIndex, uri: string): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const writer of model.writers) {
    if (writer.start === null) continue;
    const start = index.position(writer.start.span.start);
    const queryName = nameOf(writer);
    const args: SimulateArguments = { uri, line: start.line, writerId: writer.id, queryName };
    lenses.push({
      range: { start, end: index.position(writer.start.span.end) },
      command: { title: queryName ? `$(play) Simulate ${queryName}` : '$(play) Simulate', command: simulateCommand, arguments: [args] },
    });
  }
  return lenses;
}

function nameOf(writer: StreamWriter): string | null {
  const value = writer.queryName?.value;
  return value && value.kind === 'string' ? value.value : null;
}
