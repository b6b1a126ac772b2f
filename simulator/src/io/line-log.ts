// A replayable sequence of text lines addressed by index: an indexed event
// file, or lines made up by the event generator. Sources that read lines (event
// files, the Kafka-like source) are built over it, so a file and generated
// input replay the same way.

import type { LineRange } from './line-file';

export interface LineLog {
  /** The file the lines come from, for corrupt records and messages; null for generated lines. */
  readonly file: string | null;
  /** How many lines are available now. */
  readonly lineCount: number;
  /** Lines with 0-based indexes in [from, to). */
  read(from: number, to: number): LineRange;
}

/** Lines held in memory (inline input, tests). Line numbers are 1-based positions. */
export function memoryLineLog(lines: readonly string[], file: string | null = null): LineLog {
  return {
    file,
    lineCount: lines.length,
    read(from, to) {
      const first = Math.max(0, from);
      const last = Math.min(to, lines.length);
      const numbers: number[] = [];
      for (let index = first; index < last; index++) numbers.push(index + 1);
      return { lines: lines.slice(first, last), lineNumbers: numbers };
    },
  };
}
