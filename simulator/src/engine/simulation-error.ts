// Errors the simulator reports instead of guessing. Every one names what it
// refused and, when the construct comes from user code, where (a span that
// `describeError` turns into a line number).

import { LineIndex, type Span } from '../../../server/src/model/span';

export type SimulationErrorKind =
  /** A construct the simulator does not model (a Python UDF, an unknown function): running on would give a wrong answer. */
  | 'unsupported'
  /** Spark itself rejects the query (an AnalysisException or an unsupported-operation check). */
  | 'analysis'
  /** The checkpoint cannot be loaded (a partial state snapshot or offsets entry). */
  | 'corrupt-checkpoint'
  /** The caller's input is malformed (a scenario, an option value). */
  | 'bad-input';

export class SimulationError extends Error {
  constructor(
    readonly kind: SimulationErrorKind,
    message: string,
    readonly span: Span | null = null,
  ) {
    super(message);
    this.name = 'SimulationError';
  }
}

export function unsupported(message: string, span: Span | null): SimulationError {
  return new SimulationError('unsupported', message, span);
}

export function analysisError(message: string, span: Span | null): SimulationError {
  return new SimulationError('analysis', message, span);
}

/** The message with `line N` of the construct, when there is a span and the source text. */
export function describeError(error: unknown, text: string | null): string {
  if (error instanceof SimulationError) {
    if (error.span !== null && text !== null) {
      const position = new LineIndex(text).position(error.span.start);
      const snippet = text.slice(error.span.start, Math.min(error.span.end, error.span.start + 60)).split('\n')[0] ?? '';
      return `line ${position.line + 1}: ${error.message} (at \`${snippet}\`)`;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
