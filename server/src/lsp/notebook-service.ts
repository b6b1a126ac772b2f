// Jupyter notebooks in the editor, through LSP notebook document sync: the
// client sends the notebook's cells (`notebookDocument/didOpen`, `didChange`
// with cell text, structure and language changes, `didClose`), kept by
// vscode-languageserver's `NotebookDocuments`. Each lint runs the code cells
// as one module per language (`analysis/analyze-notebook.ts`) and publishes
// each cell's findings on that cell's URI (`vscode-notebook-cell:...`) in the
// cell's own positions. A cell that has no findings any more (fixed, removed,
// changed to a language we do not lint, notebook closed) gets an empty list,
// so nothing stale stays in the Problems panel.
//
// Cell diagnostics are always pushed (`publishDiagnostics`): the VS Code client
// pushes for every document, and pull (`textDocument/diagnostic`) is defined
// for text documents, not cells.
//
// `%run` lines in code cells (a Databricks notebook kept as .ipynb) are
// followed through the server's resolver (open editors, then disk); one that
// cannot be is an information diagnostic on its line, and a change to a
// target re-lints the notebooks that read it (`relintRunDependents`).
//
// Code lenses on a cell: "Simulate" above each query the cell starts, with
// the query's number in the notebook (the client cannot count it from one
// cell's lenses), for the module `whirlpool simulate` runs: the language of
// the first Python or Scala code cell, standing in for the kernel's.
//
// Code actions on a cell: its quick fixes, with edits in the cell's
// coordinates. Fix-all for a notebook is only `notebook.source.fixAll.whirlpool`
// (LSP 3.17: kinds under `notebook` apply to the whole notebook), with edits
// in every cell; `source.fixAll` is not offered per cell, so a save never
// fixes half a notebook.

import {
  CodeActionKind,
  NotebookCellKind,
  NotebookDocuments,
  TextDocuments,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type Connection,
  type NotebookDocumentSyncOptions,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeNotebookCells, type ModuleParsers } from '../analysis/analyze-notebook';
import { withVersionSource } from '../cli/nearest-build-files';
import type { AnalysisResult, AnalysisSettings, Finding, TextEdit } from '../analysis/types';
import { compatibleGroups } from '../fixes/apply-edits';
import { pythonPlacement, scalaPlacement, type SuppressionPlacement } from '../fixes/suppression-edits';
import { scalaParseText } from '../scala/read-tree';
import { LineIndex } from '../model/span';
import { notebookLanguage, type NotebookCellText } from '../notebooks/jupyter';
import type { RunResolver } from '../notebooks/notebook-runs';
import { toPartSpan, type VirtualModule } from '../notebooks/virtual-module';
import { codeActions, type CodeActionOptions } from './code-actions';
import { toDiagnostics, toRange } from './diagnostics';
import * as path from 'node:path';
import { documentPath } from './document-uri';
import { RunDependents, runProblemDiagnostics } from './notebook-runs';
import { simulateCodeLenses } from './simulate-lens';

export const notebookFixAllKind = 'notebook.source.fixAll.whirlpool';

/** The `notebookDocumentSync` capability: Jupyter notebooks, their Python and Scala cells. */
export const notebookDocumentSync: NotebookDocumentSyncOptions = {
  notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }, { language: 'scala' }] }],
};

export interface NotebookServiceOptions {
  readonly debounceMilliseconds: number;
  /** Null when linting is disabled for this notebook. */
  readonly settingsFor: (notebookUri: string) => Promise<NotebookSettings | null>;
  readonly documentationUrl: (rule: string) => string | null;
  readonly onRuleErrors: (errors: readonly { readonly rule: string; readonly error: string }[]) => void;
  readonly onFailure: (where: string, error: unknown) => void;
  /** After each lint of a notebook, for the status item: how long it took and how many findings its cells have. */
  readonly onLinted: (notebookUri: string, durationMs: number, findingCount: number) => void;
  /** Reads `%run` targets; absent: `%run` lines are not followed. */
  readonly runs?: RunResolver;
  /** A notebook opened, edited or closed: it may be another notebook's `%run` target. */
  readonly onNotebookChanged?: (notebookUri: string) => void;
}

export interface NotebookSettings {
  readonly analysis: AnalysisSettings;
  readonly codeActions: CodeActionOptions;
  /** Where the target Spark version came from, appended to version-dependent messages as for files. */
  readonly versionNote: string;
}

interface CellLint {
  readonly version: number;
  readonly text: string;
  /** The cell's language when it is one we lint. */
  readonly language: VirtualModule['language'] | null;
  readonly findings: readonly Finding[];
}

interface NotebookLint {
  readonly version: number;
  readonly cells: ReadonlyMap<string, CellLint>;
  /** Each cell's index in the notebook, by URI. */
  readonly cellIndexes: ReadonlyMap<string, number>;
  /** Each language's module and its analysis (the model's spans are module offsets). */
  readonly modules: readonly { readonly module: VirtualModule; readonly result: AnalysisResult }[];
  /** The language of the first Python or Scala code cell: the module `whirlpool simulate` runs. */
  readonly mainLanguage: VirtualModule['language'] | null;
}

export class NotebookService {
  private readonly notebooks = new NotebookDocuments(new TextDocuments(TextDocument));
  /** Per notebook, the cells whose last published list was not empty. */
  private readonly published = new Map<string, Set<string>>();
  private readonly lints = new Map<string, NotebookLint>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly open = new Set<string>();
  private readonly runDependents = new RunDependents();

  constructor(
    private readonly connection: Connection,
    private readonly parsers: ModuleParsers,
    private readonly options: NotebookServiceOptions,
  ) {
    this.notebooks.listen(connection);
    this.notebooks.onDidOpen((notebook) => {
      this.open.add(notebook.uri);
      this.schedule(notebook.uri, 0);
      options.onNotebookChanged?.(notebook.uri);
    });
    this.notebooks.onDidChange((change) => {
      this.schedule(change.notebookDocument.uri, options.debounceMilliseconds);
      options.onNotebookChanged?.(change.notebookDocument.uri);
    });
    this.notebooks.onDidClose((notebook) => {
      this.open.delete(notebook.uri);
      this.cancel(notebook.uri);
      this.lints.delete(notebook.uri);
      this.runDependents.forget(notebook.uri);
      void this.publish(notebook.uri, new Map());
      options.onNotebookChanged?.(notebook.uri);
    });
  }

  /** Whether `uri` is a cell of an open notebook. */
  isCell(uri: string): boolean {
    return this.notebooks.findNotebookDocumentForCell(uri) !== undefined;
  }

  relintAll(): void {
    for (const uri of this.open) this.schedule(uri, 0);
  }

  /** Lints again the open notebooks whose `%run` lines read or looked for `file`; returns their URIs. */
  relintRunDependents(file: string): string[] {
    const dependents = this.runDependents.dependentsOf(file).filter((uri) => this.open.has(uri));
    for (const uri of dependents) {
      this.lints.delete(uri);
      this.schedule(uri, this.options.debounceMilliseconds);
    }
    return dependents;
  }

  /**
   * An open notebook's cells as nbformat JSON, for a `%run` that names it:
   * what the editor shows, saved or not. The kernel language is the first
   * Python or Scala code cell's.
   */
  notebookJson(file: string): string | undefined {
    const uri = [...this.open].find((candidate) => candidate.startsWith('file:') && path.resolve(documentPath(candidate)) === file);
    if (uri === undefined) return undefined;
    const texts = this.cellTexts(uri)?.map((cell) => cell.text);
    if (!texts) return undefined;
    const cells = texts.map((cell) => ({ cell_type: cell.kind, metadata: { vscode: { languageId: cell.language } }, source: cell.text }));
    return JSON.stringify({ cells, metadata: { kernelspec: { language: firstCodeLanguage(texts) ?? 'python' } }, nbformat: 4, nbformat_minor: 5 });
  }

  /** "Simulate" lenses on a cell, for the queries it starts. */
  async codeLenses(cellUri: string): Promise<CodeLens[]> {
    const notebook = this.notebooks.findNotebookDocumentForCell(cellUri);
    if (!notebook) return [];
    const lint = await this.current(notebook.uri);
    const part = lint?.cellIndexes.get(cellUri);
    const cell = lint?.cells.get(cellUri);
    const analysed = lint?.modules.find((entry) => entry.module.language === lint.mainLanguage);
    if (!lint || part === undefined || !cell || !analysed?.result.model) return [];
    const module = analysed.module;
    return simulateCodeLenses(
      analysed.result.model,
      new LineIndex(cell.text),
      cellUri,
      (span) => {
        const moved = toPartSpan(module, span);
        if (!moved || moved.part < 0) return null;
        return moved.part === part ? moved.span : 'elsewhere';
      },
      true,
    );
  }

  dispose(): void {
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
  }

  /** Quick fixes on a cell; the whole notebook's fix-all when the notebook kind is asked for. */
  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const cellUri = params.textDocument.uri;
    const notebook = this.notebooks.findNotebookDocumentForCell(cellUri);
    if (!notebook) return [];
    const settings = await this.options.settingsFor(notebook.uri);
    if (!settings) return [];
    const lint = await this.current(notebook.uri);
    if (!lint) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];
    const cell = lint.cells.get(cellUri);
    const quickFixKinds = only === undefined ? [CodeActionKind.QuickFix] : only.filter((kind) => wants([kind], CodeActionKind.QuickFix));
    if (cell && quickFixKinds.length > 0) {
      // A Scala cell's statements come from its own tree, parsed for this request only.
      const tree = cell.language === 'scala' ? (this.parsers.scala?.parse(scalaParseText(cell.text)) ?? null) : null;
      try {
        const placement = (): SuppressionPlacement => (cell.language === 'scala' ? scalaPlacement(cell.text, tree?.rootNode ?? null) : pythonPlacement(cell.text));
        actions.push(
          ...codeActions(
            cell.findings,
            new LineIndex(cell.text),
            { uri: cellUri, range: params.range, only: quickFixKinds, diagnostics: params.context.diagnostics, lazyVersion: null, text: cell.text, placement },
            settings.codeActions,
          ),
        );
      } finally {
        tree?.delete();
      }
    }
    if (only !== undefined && wants(only, notebookFixAllKind)) {
      const fixAll = notebookFixAll(lint, settings.codeActions);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }

  /** The lint of the notebook as it is now (linted again when a cell changed since). */
  private async current(notebookUri: string): Promise<NotebookLint | null> {
    const notebook = this.notebooks.getNotebookDocument(notebookUri);
    if (!notebook) return null;
    const cached = this.lints.get(notebookUri);
    if (cached?.version === notebook.version) return cached;
    return (await this.lint(notebookUri))?.lint ?? null;
  }

  private schedule(notebookUri: string, delay: number): void {
    this.cancel(notebookUri);
    this.timers.set(
      notebookUri,
      setTimeout(() => {
        this.timers.delete(notebookUri);
        void this.lintAndPublish(notebookUri);
      }, delay),
    );
  }

  private cancel(notebookUri: string): void {
    const timer = this.timers.get(notebookUri);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(notebookUri);
  }

  private async lintAndPublish(notebookUri: string): Promise<void> {
    try {
      const outcome = await this.lint(notebookUri);
      // Closed meanwhile, or a newer version is scheduled and will publish.
      if (!outcome || this.notebooks.getNotebookDocument(notebookUri)?.version !== outcome.lint.version) return;
      await this.publish(notebookUri, outcome.diagnostics);
    } catch (error) {
      this.options.onFailure(`linting notebook ${notebookUri}`, error);
    }
  }

  private async lint(notebookUri: string): Promise<{ readonly lint: NotebookLint; readonly diagnostics: Map<string, ReturnType<typeof toDiagnostics>> } | null> {
    const notebook = this.notebooks.getNotebookDocument(notebookUri);
    if (!notebook) return null;
    const version = notebook.version;
    const settings = await this.options.settingsFor(notebookUri);
    const started = performance.now();
    const cells = this.cellTexts(notebookUri) ?? [];
    const runs = this.options.runs && notebookUri.startsWith('file:') ? { path: documentPath(notebookUri), resolve: this.options.runs } : null;
    const analysis = settings
      ? analyzeNotebookCells(cells.map((cell) => cell.text), this.parsers, settings.analysis, { path: documentPath(notebookUri) }, runs)
      : { findings: new Map<number, readonly Finding[]>(), ruleErrors: [], modules: [], runProblems: [], runDependencies: [] };
    this.options.onRuleErrors(analysis.ruleErrors);
    this.runDependents.record(notebookUri, analysis.runDependencies);
    const lintCells = new Map<string, CellLint>();
    const diagnostics = new Map<string, ReturnType<typeof toDiagnostics>>();
    for (const [index, cell] of cells.entries()) {
      const findings = (analysis.findings.get(index) ?? []).map((finding) => (settings ? withVersionSource(finding, settings.versionNote) : finding));
      lintCells.set(cell.uri, { version: cell.version, text: cell.text.text, language: cell.text.kind === 'code' ? notebookLanguage(cell.text.language) : null, findings });
      const lines = new LineIndex(cell.text.text);
      const list = [...toDiagnostics(findings, cell.uri, lines, this.options.documentationUrl), ...runProblemDiagnostics(analysis.runProblems.filter((problem) => problem.part === index), lines)];
      if (list.length > 0) diagnostics.set(cell.uri, list);
    }
    const mainLanguage = firstCodeLanguage(cells.map((cell) => cell.text));
    const lint: NotebookLint = { version, cells: lintCells, cellIndexes: new Map(cells.map((cell, index) => [cell.uri, index])), modules: analysis.modules, mainLanguage };
    this.lints.set(notebookUri, lint);
    this.options.onLinted(notebookUri, performance.now() - started, [...lintCells.values()].reduce((total, cell) => total + cell.findings.length, 0));
    return { lint, diagnostics };
  }

  /** An open notebook's cells as the editor has them now, in order; undefined when it is not open. */
  private cellTexts(notebookUri: string): { readonly uri: string; readonly version: number; readonly text: NotebookCellText }[] | undefined {
    return this.notebooks.getNotebookDocument(notebookUri)?.cells.map((cell) => {
      const document = this.notebooks.getCellTextDocument(cell);
      return {
        uri: cell.document,
        version: document?.version ?? 0,
        text: { kind: cell.kind === NotebookCellKind.Code ? 'code' : 'markdown', language: document?.languageId ?? '', text: document?.getText() ?? '' },
      };
    });
  }

  /** Publishes each cell's list; cells published before and without findings now get an empty one. */
  private async publish(notebookUri: string, diagnostics: ReadonlyMap<string, ReturnType<typeof toDiagnostics>>): Promise<void> {
    const before = this.published.get(notebookUri) ?? new Set<string>();
    for (const uri of before) {
      if (!diagnostics.has(uri)) await this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    for (const [uri, list] of diagnostics) await this.connection.sendDiagnostics({ uri, diagnostics: list });
    if (!this.open.has(notebookUri)) this.published.delete(notebookUri);
    else this.published.set(notebookUri, new Set(diagnostics.keys()));
  }
}

/** One action with, per cell, every safe fix whose edits do not overlap an earlier one's (as fix-all does for a file). */
function notebookFixAll(lint: NotebookLint, options: CodeActionOptions): CodeAction | null {
  const excluded = new Set(options.neverOnSave.map((rule) => rule.toLowerCase()));
  const changes: Record<string, LspTextEdit[]> = {};
  for (const [uri, cell] of lint.cells) {
    const groups: (readonly TextEdit[])[] = [];
    for (const finding of [...cell.findings].sort((a, b) => a.span.start - b.span.start)) {
      if (excluded.has(finding.rule.toLowerCase()) || excluded.has(finding.code.toLowerCase())) continue;
      const fix = finding.fixes.find((candidate) => candidate.safety === 'safe');
      if (!fix) continue;
      try {
        const edits = fix.edits();
        if (edits.length > 0) groups.push(edits);
      } catch (error) {
        options.onFixError(finding.rule, error);
      }
    }
    const accepted = compatibleGroups(groups).flatMap((picked) => groups[picked] ?? []);
    if (accepted.length === 0) continue;
    const index = new LineIndex(cell.text);
    changes[uri] = [...accepted].sort((a, b) => a.span.start - b.span.start).map((edit) => ({ range: toRange(edit.span, index), newText: edit.newText }));
  }
  if (Object.keys(changes).length === 0) return null;
  return { title: 'Fix all Whirlpool problems in the notebook', kind: notebookFixAllKind, edit: { changes } };
}

/** The language of the first Python or Scala code cell: the kernel's stand-in for a notebook the editor syncs. */
function firstCodeLanguage(cells: readonly NotebookCellText[]): VirtualModule['language'] | null {
  return cells.map((cell) => (cell.kind === 'code' ? notebookLanguage(cell.language) : null)).find((language) => language !== null) ?? null;
}

/** Whether a requested kind list admits `kind` (kinds are hierarchical). */
function wants(only: readonly string[], kind: string): boolean {
  return only.some((requested) => requested === '' || kind === requested || kind.startsWith(`${requested}.`));
}
