// Jupyter notebooks: the code cells of one language, concatenated in order,
// are one module (a kernel runs them in one namespace). Line magics (`%pip`,
// `%matplotlib`) and shell escapes (`!ls`) are blanked out in place; a cell
// magic (`%%sql`, `%%bash`) blanks its whole cell. Markdown and raw cells,
// and cells in another language, are not in the module.
//
// The same reading serves an `.ipynb` file on disk (`parseJupyter`, for the
// CLI) and the cells an editor syncs (`jupyterModule`, for the language
// server): parts are indexes into the cell list given.

import type { LocatedRun } from './notebook-runs';
import { parseRunCommand } from './run-command';
import { ModuleBuilder, type NotebookLanguage, type VirtualModule } from './virtual-module';

export interface NotebookCellText {
  readonly kind: 'code' | 'markdown' | 'raw';
  /** The cell's language id (`python`, `scala`, `sql`, ...), lower case. */
  readonly language: string;
  readonly text: string;
}

export interface JupyterNotebook {
  /** The kernel's language as the notebook names it (`metadata.kernelspec.language`, else `language_info.name`), lower case. */
  readonly kernelLanguage: string;
  /** The kernel's language when we lint it, else null. */
  readonly language: NotebookLanguage | null;
  readonly cells: readonly NotebookCellText[];
}

export type JupyterReading =
  | { readonly kind: 'notebook'; readonly notebook: JupyterNotebook }
  | { readonly kind: 'problem'; readonly message: string };

/** Reads an `.ipynb` file's JSON (nbformat 4; the cell list of older formats is not read). */
export function parseJupyter(text: string): JupyterReading {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'problem', message: `not a Jupyter notebook: invalid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isObject(json) || !Array.isArray(json['cells'])) return { kind: 'problem', message: 'not a Jupyter notebook: no "cells" list (nbformat 4 is read)' };
  const metadata = isObject(json['metadata']) ? json['metadata'] : {};
  const kernelspec = isObject(metadata['kernelspec']) ? metadata['kernelspec'] : {};
  const languageInfo = isObject(metadata['language_info']) ? metadata['language_info'] : {};
  const named = typeof kernelspec['language'] === 'string' ? kernelspec['language'] : typeof languageInfo['name'] === 'string' ? languageInfo['name'] : 'python';
  const kernelLanguage = named.toLowerCase();
  const cells: NotebookCellText[] = [];
  for (const [index, cell] of (json['cells'] as unknown[]).entries()) {
    if (!isObject(cell)) return { kind: 'problem', message: `not a Jupyter notebook: cell ${index + 1} is not an object` };
    const type = cell['cell_type'];
    const source = cell['source'];
    const text = typeof source === 'string' ? source : Array.isArray(source) && source.every((line) => typeof line === 'string') ? source.join('') : null;
    if (text === null) return { kind: 'problem', message: `not a Jupyter notebook: cell ${index + 1} has no text "source"` };
    const cellMetadata = isObject(cell['metadata']) ? cell['metadata'] : {};
    const vscode = isObject(cellMetadata['vscode']) ? cellMetadata['vscode'] : {};
    const language = typeof vscode['languageId'] === 'string' ? vscode['languageId'].toLowerCase() : kernelLanguage;
    cells.push({ kind: type === 'code' ? 'code' : type === 'markdown' ? 'markdown' : 'raw', language, text });
  }
  return { kind: 'notebook', notebook: { kernelLanguage, language: notebookLanguage(kernelLanguage), cells } };
}

/** The languages we lint, from a kernel or cell language id. */
export function notebookLanguage(id: string): NotebookLanguage | null {
  const lower = id.toLowerCase();
  if (lower === 'python' || lower === 'python3' || lower === 'pyspark') return 'python';
  if (lower === 'scala') return 'scala';
  return null;
}

/** The module of `language`'s code cells; parts are indexes into `cells`. */
export function jupyterModule(cells: readonly NotebookCellText[], language: NotebookLanguage): VirtualModule {
  const builder = new ModuleBuilder(language);
  for (const [index, cell] of cells.entries()) {
    if (cell.kind !== 'code' || notebookLanguage(cell.language) !== language) continue;
    if (/^\s*%%/.test(cell.text)) {
      builder.blank(cell.text, index, 0);
    } else {
      let offset = 0;
      for (const line of cell.text.split(/(?<=\n)/)) {
        if (isMagicLine(line)) builder.blank(line, index, offset);
        else builder.copy(line, index, offset, true);
        offset += line.length;
      }
    }
    if (!cell.text.endsWith('\n')) builder.separator('\n');
  }
  return builder.build();
}

/** The `%run` lines of `language`'s code cells (a Databricks notebook exported as `.ipynb` keeps them as code); spans are in the cell. */
export function jupyterRuns(cells: readonly NotebookCellText[], language: NotebookLanguage): LocatedRun[] {
  const runs: LocatedRun[] = [];
  for (const [index, cell] of cells.entries()) {
    if (cell.kind !== 'code' || notebookLanguage(cell.language) !== language || /^\s*%%/.test(cell.text)) continue;
    let offset = 0;
    for (const line of cell.text.split(/(?<=\n)/)) {
      const content = line.replace(/\r?\n$/, '');
      const command = parseRunCommand(content);
      if (command !== null) runs.push({ part: index, span: { start: offset, end: offset + content.length }, path: command.path });
      offset += line.length;
    }
  }
  return runs;
}

/**
 * `%name ...` and `!command` lines. A `%` or `!` followed by a space or `=`
 * is Python continuing an expression (`% 60`, `!= 0`), not a magic.
 */
function isMagicLine(line: string): boolean {
  return /^\s*(?:%%?[A-Za-z_]|![^\s=])/.test(line);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
