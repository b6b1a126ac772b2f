// The "Simulate" code lens above each streaming query's start()/toTable():
// the server knows the model, so it says where the queries are; the client's
// `whirlpool.simulate` command receives the arguments below and runs the
// simulator in its own process.
//
// Register in the server: declare `codeLensProvider: {}` and answer
// `textDocument/codeLens` with simulateCodeLenses(model, index, uri). A
// notebook's model is in its module's offsets: `toDocument` maps a span into
// the document (a Databricks file, or one Jupyter cell) and says null for a
// query in another cell or in the code of a `%run` target.

import type { CodeLens } from 'vscode-languageserver/node';
import type { PipelineModel, StreamWriter } from '../model/pipeline';
import type { LineIndex, Span } from '../model/span';

export const simulateCommand = 'whirlpool.simulate';

/** The arguments of `whirlpool.simulate`, as the client declares them (client/src/simulate/simulate-command.ts). */
export interface SimulateArguments {
  readonly uri: string;
  /** 0-based line of the start()/toTable() call. */
  readonly line: number;
  readonly writerId: number;
  readonly queryName: string | null;
  /**
   * Which started query of the notebook it is, 1-based (`whirlpool simulate
   * --query`), on a Jupyter cell's lens: the client counts a document's lenses
   * to know, and a cell's lenses are only that cell's.
   */
  readonly queryNumber?: number;
}

export function simulateCodeLenses(
  model: PipelineModel,
  index: LineIndex,
  uri: string,
  toDocument: (span: Span) => Span | 'elsewhere' | null = (span) => span,
  withQueryNumber = false,
): CodeLens[] {
  const lenses: CodeLens[] = [];
  let queryNumber = 0;
  for (const writer of model.writers) {
    if (writer.start === null) continue;
    const span = toDocument(writer.start.span);
    // Code a `%run` inserted is not the file's: not counted, as `whirlpool simulate` does not count it.
    if (span === null) continue;
    queryNumber++;
    if (span === 'elsewhere') continue;
    const start = index.position(span.start);
    const queryName = nameOf(writer);
    const args: SimulateArguments = { uri, line: start.line, writerId: writer.id, queryName, ...(withQueryNumber ? { queryNumber } : {}) };
    lenses.push({
      range: { start, end: index.position(span.end) },
      command: { title: queryName ? `$(play) Simulate ${queryName}` : '$(play) Simulate', command: simulateCommand, arguments: [args] },
    });
  }
  return lenses;
}

function nameOf(writer: StreamWriter): string | null {
  const value = writer.queryName?.value;
  return value && value.kind === 'string' ? value.value : null;
}
