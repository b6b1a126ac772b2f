// A unified diff of two versions of one file, for `whirlpool lint --diff` and
// the fix snapshots. Common leading and trailing lines are cut first, so the
// line-by-line comparison only sees the changed middle.

/** The diff of `before` and `after` with `context` lines around each change; empty when they are equal. */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const operations = diffLines(a, b);
  const hunks = groupHunks(operations, context);
  const lines = [`--- a/${path}`, `+++ b/${path}`];
  for (const hunk of hunks) {
    const oldCount = hunk.filter((operation) => operation.kind !== 'insert').length;
    const newCount = hunk.filter((operation) => operation.kind !== 'delete').length;
    const first = hunk[0];
    const oldStart = oldCount === 0 ? (first?.oldLine ?? 0) : (first?.oldLine ?? 0) + 1;
    const newStart = newCount === 0 ? (first?.newLine ?? 0) : (first?.newLine ?? 0) + 1;
    lines.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const operation of hunk) {
      const sign = operation.kind === 'insert' ? '+' : operation.kind === 'delete' ? '-' : ' ';
      lines.push(`${sign}${operation.text}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

interface LineOperation {
  readonly kind: 'equal' | 'delete' | 'insert';
  readonly text: string;
  /** 0-based positions in the old and new file where this operation sits. */
  readonly oldLine: number;
  readonly newLine: number;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffLines(a: readonly string[], b: readonly string[]): LineOperation[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const middleA = a.slice(prefix, a.length - suffix);
  const middleB = b.slice(prefix, b.length - suffix);
  const operations: LineOperation[] = [];
  for (let index = 0; index < prefix; index++) operations.push({ kind: 'equal', text: a[index] ?? '', oldLine: index, newLine: index });
  // Longest common subsequence over the changed middle.
  const rows = middleA.length;
  const columns = middleB.length;
  const table = new Uint32Array((rows + 1) * (columns + 1));
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = columns - 1; j >= 0; j--) {
      table[i * (columns + 1) + j] =
        middleA[i] === middleB[j]
          ? (table[(i + 1) * (columns + 1) + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * (columns + 1) + j] ?? 0, table[i * (columns + 1) + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < rows || j < columns) {
    const oldLine = prefix + i;
    const newLine = prefix + j;
    if (i < rows && j < columns && middleA[i] === middleB[j]) {
      operations.push({ kind: 'equal', text: middleA[i] ?? '', oldLine, newLine });
      i++;
      j++;
    } else if (i < rows && (j === columns || (table[(i + 1) * (columns + 1) + j] ?? 0) >= (table[i * (columns + 1) + j + 1] ?? 0))) {
      // Deletions first, as diff(1) prints them.
      operations.push({ kind: 'delete', text: middleA[i] ?? '', oldLine, newLine });
      i++;
    } else {
      operations.push({ kind: 'insert', text: middleB[j] ?? '', oldLine, newLine });
      j++;
    }
  }
  for (let index = 0; index < suffix; index++) {
    operations.push({ kind: 'equal', text: a[a.length - suffix + index] ?? '', oldLine: a.length - suffix + index, newLine: b.length - suffix + index });
  }
  return operations;
}

function groupHunks(operations: readonly LineOperation[], context: number): LineOperation[][] {
  const changed = operations.map((operation, index) => (operation.kind === 'equal' ? -1 : index)).filter((index) => index >= 0);
  const hunks: LineOperation[][] = [];
  let start = -1;
  let end = -1;
  for (const index of changed) {
    if (start >= 0 && index - context <= end + context) {
      end = index;
      continue;
    }
    if (start >= 0) hunks.push(operations.slice(Math.max(0, start - context), Math.min(operations.length, end + context + 1)));
    start = index;
    end = index;
  }
  if (start >= 0) hunks.push(operations.slice(Math.max(0, start - context), Math.min(operations.length, end + context + 1)));
  return hunks;
}
