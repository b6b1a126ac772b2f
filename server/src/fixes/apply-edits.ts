// Applying fixes' edits to a text: one fix's edits all or nothing, fixes
// whose edits overlap an earlier fix's wait for the next pass.

import type { TextEdit } from '../analysis/types';

/** Applies non-overlapping edits (in any order) to `text`. Overlapping edits are a caller bug: the later ones are dropped, never half-applied. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let result = '';
  let cursor = 0;
  for (const edit of ordered) {
    if (edit.span.start < cursor) continue;
    result += text.slice(cursor, edit.span.start) + edit.newText;
    cursor = edit.span.end;
  }
  return result + text.slice(cursor);
}

/** Whether two edits cannot both apply: they overlap, or both insert at the same point (their order would be arbitrary). */
export function editsConflict(a: TextEdit, b: TextEdit): boolean {
  if (a.span.start === b.span.start) return true;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

/**
 * Picks, in order, the edit groups (one group per fix) that do not conflict
 * with a group picked before; returns the picked groups' indexes. The rest
 * are deferred, not lost: after the picked ones apply, the analysis runs
 * again and offers them anew on the new text.
 */
export function compatibleGroups(groups: readonly (readonly TextEdit[])[]): readonly number[] {
  const taken: TextEdit[] = [];
  const inserted = new Set<string>();
  const picked: number[] = [];
  groups.forEach((group, index) => {
    if (group.length === 0) return;
    if (group.some((edit) => taken.some((other) => editsConflict(edit, other)))) return;
    // Two findings fixed by the same new line (one session conf for two queries) would insert it twice.
    if (group.every((edit) => edit.span.start === edit.span.end && inserted.has(edit.newText))) return;
    for (const edit of group) if (edit.span.start === edit.span.end) inserted.add(edit.newText);
    // A fix's own edits may touch each other (an insertion at the start of a span it replaces): only other fixes' count.
    taken.push(...group);
    picked.push(index);
  });
  return picked;
}
