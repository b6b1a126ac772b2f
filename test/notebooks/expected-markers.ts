// Expected findings written under the code they point at, in the fixture
// itself: a comment line `#   ^^^^ rule-id` (or `// ^^^ rule-id`, also
// behind `# MAGIC `) marks the line above it, from the first caret's column.
// Positions are 0-based lines and UTF-16 columns of the text given.

export interface ExpectedFinding {
  readonly line: number;
  readonly column: number;
  readonly rule: string;
}

export function expectedMarkers(text: string): ExpectedFinding[] {
  const lines = text.split('\n');
  const expected: ExpectedFinding[] = [];
  let codeLine = -1;
  for (const [index, line] of lines.entries()) {
    const marker = /(\^+)\s+([a-z][a-z0-9-]*)\s*$/.exec(line);
    if (marker && /^\s*(#|\/\/)( MAGIC)?[\s#/]*$/.test(line.slice(0, marker.index))) {
      if (codeLine >= 0) expected.push({ line: codeLine, column: marker.index, rule: marker[2] ?? '' });
      continue;
    }
    codeLine = index;
  }
  return expected;
}
