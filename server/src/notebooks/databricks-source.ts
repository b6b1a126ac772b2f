// Databricks source notebooks: a `.py` (or `.scala`) file whose first line is
// `# Databricks notebook source` (`// ...`), cells separated by
// `# COMMAND ----------`, and cells in another language written as comment
// lines behind `# MAGIC ` (`# MAGIC %sql`, `%md`, `%sh`, `%scala`, `%python`,
// `%run ./other`).
//
// `splitDatabricksSource` reads the cells and builds one virtual module per
// language that has code. The notebook's own language gets the whole file with
// every other cell blanked out (spaces, line breaks kept), so its offsets are
// the file's own wherever it is not behind a magic prefix. Magic cells in a
// language we lint (`%python` in a Scala notebook, `%scala` in a Python one)
// are read from behind their prefix into that language's module, in order;
// in the notebook's own module such a line is padded at its end to its length
// in the file, so line starts (and the model's spans past it) stay the file's.

import type { Span } from '../model/span';
import type { LocatedRun } from './notebook-runs';
import { parseRunCommand } from './run-command';
import { ModuleBuilder, type NotebookLanguage, type VirtualModule } from './virtual-module';

export interface DatabricksNotebook {
  readonly language: NotebookLanguage;
  readonly cells: readonly DatabricksCell[];
  /** `%run ./other` cells; `notebook-runs.ts` inserts what they run when the caller can read it. */
  readonly runs: readonly NotebookRun[];
  /** One per language with code in the notebook; the notebook's own language first. */
  readonly modules: readonly VirtualModule[];
}

export type CellLanguage = NotebookLanguage | 'sql' | 'markdown' | 'shell' | 'run' | 'r' | 'other';

export interface DatabricksCell {
  readonly language: CellLanguage;
  /** The magic the cell starts with (`sql`, `md`, ...), null for a cell in the notebook's language. */
  readonly magic: string | null;
  /** The cell's lines in the file, separator lines excluded. */
  readonly span: Span;
}

export interface NotebookRun {
  /** As written: `./setup`, `../lib/helpers` (Databricks paths have no extension). */
  readonly path: string;
  /** The `%run` line in the file. */
  readonly span: Span;
}

const headers: readonly { readonly prefix: string; readonly language: NotebookLanguage }[] = [
  { prefix: '#', language: 'python' },
  { prefix: '//', language: 'scala' },
];

/** The notebook's language when `text` is a Databricks source notebook, else null. */
export function databricksLanguage(text: string): NotebookLanguage | null {
  const firstLine = (text.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '').trim();
  for (const { prefix, language } of headers) {
    if (firstLine === `${prefix} Databricks notebook source`) return language;
  }
  return null;
}

/** Whether a file is a Databricks source notebook we read: the header line, in a `.py` or `.scala` file of that language. */
export function isDatabricksSource(file: string, text: string): boolean {
  const language = databricksLanguage(text);
  return (language === 'python' && /\.py$/i.test(file)) || (language === 'scala' && /\.scala$/i.test(file));
}

/** The notebook's `%run` lines as `expandRuns` takes them: part 0 is the file. */
export function databricksRuns(notebook: DatabricksNotebook): LocatedRun[] {
  return notebook.runs.map((run) => ({ part: 0, span: run.span, path: run.path }));
}

/** Splits a Databricks source notebook; null when `text` is not one. */
export function splitDatabricksSource(text: string): DatabricksNotebook | null {
  const language = databricksLanguage(text);
  if (language === null) return null;
  const comment = language === 'python' ? '#' : '//';
  const lines = splitLines(text);
  const cells: DatabricksCell[] = [];
  const runs: NotebookRun[] = [];
  // Each line with its cell's index; separator lines get -1.
  const placed: { readonly line: Line; readonly cell: number }[] = [];
  const cellLines: Line[][] = [[]];
  for (const line of lines) {
    if (line.content.trim() === `${comment} COMMAND ----------`) {
      placed.push({ line, cell: -1 });
      cellLines.push([]);
    } else {
      placed.push({ line, cell: cellLines.length - 1 });
      cellLines[cellLines.length - 1]?.push(line);
    }
  }
  const magicPrefix = new RegExp(`^${escapeRegExp(comment)} MAGIC ?`);
  // Indexed like cellLines; an empty group (two separators in a row) has no cell.
  const groupCells: (DatabricksCell | null)[] = [];
  for (const group of cellLines) {
    const first = group[0];
    const last = group[group.length - 1];
    if (!first || !last) {
      groupCells.push(null);
      continue;
    }
    const magicLine = group.find((line) => line.content.trim() !== '' && !isHeader(line.content, comment));
    const magicMatch = magicLine === undefined ? null : magicPrefix.exec(magicLine.content);
    const magic = magicMatch && magicLine ? (/^%([\w-]+)/.exec(magicLine.content.slice(magicMatch[0].length).trimStart())?.[1] ?? null) : null;
    const cellLanguage = magic === null ? language : magicLanguage(magic);
    const cell: DatabricksCell = { language: cellLanguage, magic, span: { start: first.start, end: last.start + last.content.length } };
    cells.push(cell);
    groupCells.push(cell);
    if (cellLanguage === 'run' && magicLine && magicMatch) {
      const body = magicLine.content.slice(magicMatch[0].length);
      const command = parseRunCommand(body);
      if (command !== null) runs.push({ path: command.path, span: { start: magicLine.start, end: magicLine.start + magicLine.content.length } });
    }
  }

  const modules: VirtualModule[] = [];
  for (const moduleLanguage of [language, ...(['python', 'scala'] as const).filter((other) => other !== language)]) {
    const own = moduleLanguage === language;
    const builder = new ModuleBuilder(moduleLanguage);
    let hasCode = false;
    const magicSeen = new Set<number>();
    for (const { line, cell: cellIndex } of placed) {
      const cell = cellIndex === -1 ? null : groupCells[cellIndex] ?? null;
      if (!cell || cell.language !== moduleLanguage) {
        // Separators stay (they are comments); other cells keep their lines as blanks.
        if (own && !cell) builder.copy(line.content + line.ending, 0, line.start, true);
        else if (own) builder.blank(line.content + line.ending, 0, line.start);
        continue;
      }
      hasCode = true;
      if (cell.magic === null) {
        builder.copy(line.content + line.ending, 0, line.start, true);
        continue;
      }
      const match = magicPrefix.exec(line.content);
      const body = match ? line.content.slice(match[0].length) : '';
      if (!match || (!magicSeen.has(cellIndex) && body.trim() !== '')) {
        // The `%python` line itself, or a line without the prefix: nothing to read.
        if (match) magicSeen.add(cellIndex);
        if (own) builder.blank(line.content, 0, line.start);
        builder.copy(line.ending, 0, line.start + line.content.length, false);
        continue;
      }
      builder.copy(body, 0, line.start + match[0].length, false);
      // In the notebook's own module the prefix's width comes back as trailing spaces, so every later line keeps the file's offsets.
      if (own) builder.added(' '.repeat(match[0].length), 0, line.start + line.content.length);
      builder.copy(line.ending, 0, line.start + line.content.length, false);
    }
    if (own || hasCode) modules.push(builder.build());
  }
  return { language, cells, runs, modules };
}

interface Line {
  readonly start: number;
  /** Without its line break. */
  readonly content: string;
  /** `\n`, `\r\n` or '' for the last line. */
  readonly ending: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      if (start < text.length) lines.push({ start, content: text.slice(start), ending: '' });
      break;
    }
    const carriage = newline > start && text.charCodeAt(newline - 1) === 13;
    lines.push({ start, content: text.slice(start, carriage ? newline - 1 : newline), ending: carriage ? '\r\n' : '\n' });
    start = newline + 1;
  }
  return lines;
}

function isHeader(content: string, comment: string): boolean {
  const trimmed = content.replace(/^\uFEFF/, '').trim();
  return trimmed === `${comment} Databricks notebook source` || trimmed.startsWith(`${comment} DBTITLE`);
}

function magicLanguage(magic: string): CellLanguage {
  switch (magic.toLowerCase()) {
    case 'python':
      return 'python';
    case 'scala':
      return 'scala';
    case 'sql':
      return 'sql';
    case 'md':
    case 'md-sandbox':
      return 'markdown';
    case 'sh':
      return 'shell';
    case 'run':
      return 'run';
    case 'r':
      return 'r';
    default:
      return 'other';
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
