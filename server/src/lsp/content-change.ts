// Applies one LSP content change to a document's text and describes it as a
// tree-sitter edit, so the previous syntax tree can be reused by an
// incremental parse. LSP positions and tree-sitter points (in web-tree-sitter)
// are both counted in UTF-16 code units, so they convert without re-encoding.

import type { Edit } from '../syntax/tree-sitter';
import { LineIndex } from '../model/span';

export interface RangeChange {
  readonly range: {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
  };
  readonly text: string;
}

export interface AppliedChange {
  readonly text: string;
  readonly edit: Edit;
}

/** The new text and the tree-sitter edit for a ranged change, computed from the text before it. */
export function applyRangeChange(oldText: string, change: RangeChange): AppliedChange {
  const index = new LineIndex(oldText);
  let startIndex = index.offset(change.range.start);
  let oldEndIndex = index.offset(change.range.end);
  // A client may send a reversed range; tree-sitter and slicing need start <= end.
  if (oldEndIndex < startIndex) [startIndex, oldEndIndex] = [oldEndIndex, startIndex];
  const text = oldText.slice(0, startIndex) + change.text + oldText.slice(oldEndIndex);
  const startPosition = pointOf(index, startIndex);
  const oldEndPosition = pointOf(index, oldEndIndex);
  return {
    text,
    edit: {
      startIndex,
      oldEndIndex,
      newEndIndex: startIndex + change.text.length,
      startPosition,
      oldEndPosition,
      newEndPosition: advance(startPosition, change.text),
    },
  };
}

function pointOf(index: LineIndex, offset: number): { row: number; column: number } {
  const position = index.position(offset);
  return { row: position.line, column: position.character };
}

/** The point reached after inserting `inserted` at `start`. */
function advance(start: { row: number; column: number }, inserted: string): { row: number; column: number } {
  const lastNewline = inserted.lastIndexOf('\n');
  if (lastNewline < 0) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = 0; i <= lastNewline; i++) if (inserted.charCodeAt(i) === 10) rows++;
  return { row: start.row + rows, column: inserted.length - lastNewline - 1 };
}
