// "Simulate" (code lens above a streaming query's start()/toTable(), or the
// command palette): runs the simulator process with a cancellable progress
// notification counting batches, then opens the results view. Needs a
// trusted workspace: the simulator reads workspace files and writes a database.
// A Jupyter cell's lens simulates the notebook's .ipynb file (saved first), the
// query picked by the number the server put on the lens.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { ResultsPanel } from '../results/results-panel';
import type { CrashInjection, SimulationResult, SinkSemantics } from '../results/result-types';
import { runSimulation, type SimulationOutcome } from './run-simulation';
import type { SimulationProblem } from './simulation-failure';
import type { SimulationRequest } from './simulation-request';

/** What the Simulate code lens passes (from the server); every field optional for the palette. */
export interface SimulateArguments {
  readonly uri?: string;
  /** 0-based line of the start()/toTable() call. */
  readonly line?: number;
  readonly writerId?: number;
  readonly queryName?: string | null;
  /** Which started query of the notebook, 1-based: given on a notebook cell's lens, whose document is one cell. */
  readonly queryNumber?: number;
}

export class Simulator implements vscode.Disposable {
  private panel: ResultsPanel | null = null;
  private last: SimulationResult | null = null;
  /** The query number each run's database was simulated with, so a re-run picks the same query (a notebook's .ipynb has no lenses to count). */
  private readonly queryNumbers = new Map<string, number>();

  constructor(private readonly context: vscode.ExtensionContext, private readonly output: vscode.LogOutputChannel) {}

  /** The last result shown and the open panel, for the integration tests. */
  get state(): { readonly lastResult: SimulationResult | null; readonly panel: ResultsPanel | null } {
    return { lastResult: this.last, panel: this.panel };
  }

  async simulate(args: SimulateArguments | undefined, crash: CrashInjection | null = null): Promise<SimulationResult | null> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage(
        'Whirlpool: simulation reads workspace files, runs a Node process and writes a database, so it needs a trusted workspace',
        'Manage Workspace Trust',
      );
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return null;
    }
    const target = await this.resolveTarget(args);
    if (!target) return null;
    const { document, line } = target;
    // A notebook cell is simulated as its notebook: the .ipynb file on disk, saved first.
    const notebook = notebookOf(document);
    const fileUri = notebook?.uri ?? document.uri;
    // The simulator reads the file from disk: run what the user sees.
    if (notebook ? notebook.isDirty && !(await notebook.save()) : document.isDirty && !(await document.save())) {
      void vscode.window.showWarningMessage(`Whirlpool: save the ${notebook ? 'notebook' : 'file'} to simulate it; the simulator reads it from disk`);
      return null;
    }
    const folder = vscode.workspace.getWorkspaceFolder(fileUri);
    const configuration = vscode.workspace.getConfiguration('whirlpool', fileUri);
    const outputFolder = path.resolve(folder?.uri.fsPath ?? path.dirname(fileUri.fsPath), configuration.get<string>('simulator.outputFolder', '.whirlpool'));
    mkdirSync(outputFolder, { recursive: true });
    const stem = `${path.basename(fileUri.fsPath).replace(/\W+/g, '_')}-L${line + 1}${crash ? `-crash-${crash.phase}-${crash.batchId}` : ''}`;
    const request: SimulationRequest = {
      file: fileUri.fsPath,
      line: line + 1,
      queryNumber: args?.queryNumber ?? (await queryNumber(document.uri, line)),
      queryName: args?.queryName ?? null,
      batches: configuration.get<number>('simulator.batches', 5),
      sinkSemantics: configuration.get<SinkSemantics>('simulator.sinkSemantics', 'spark-faithful'),
      crash,
      database: path.join(outputFolder, `${stem}.sqlite`),
      workspaceFolder: folder?.uri.fsPath ?? path.dirname(fileUri.fsPath),
    };
    const nodePath = configuration.get<string>('simulator.nodePath', '').trim();
    const title = `Whirlpool: simulating ${args?.queryName ?? `the query at line ${line + 1}`}${crash ? ` with a crash ${crash.phase} in batch ${crash.batchId}` : ''}`;
    this.output.info(`simulate ${request.file}:${request.line} into ${request.database}`);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return runSimulation(request, {
          cliPath: this.context.asAbsolutePath('out/cli.js'),
          readerPath: this.context.asAbsolutePath('out/simulation-reader.js'),
          nodePath: nodePath === '' ? null : nodePath,
          signal: controller.signal,
          onProgress: ({ batchId, batchesRun }) => {
            progress.report({
              message: `batch ${batchId} (${batchesRun} of ${request.batches}${batchesRun > request.batches ? ' and the batches a restart or the watermark adds' : ''})`,
              ...(batchesRun <= request.batches ? { increment: 100 / request.batches } : {}),
            });
          },
        });
      },
    );
    if (outcome.kind === 'result') this.queryNumbers.set(outcome.result.database ?? request.database, request.queryNumber);
    return this.handleOutcome(outcome, crash);
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private async handleOutcome(outcome: SimulationOutcome, crash: CrashInjection | null): Promise<SimulationResult | null> {
    switch (outcome.kind) {
      case 'cancelled':
        this.output.info('simulation cancelled');
        return null;
      case 'failed':
        this.report(outcome.problem);
        return null;
      case 'result':
        this.output.info(`simulation finished: ${outcome.result.batches.length} batches`);
        if (crash) return outcome.result;
        this.last = outcome.result;
        this.showResult(outcome.result);
        return outcome.result;
      default: {
        const unreachable: never = outcome;
        return unreachable;
      }
    }
  }

  showResult(result: SimulationResult): void {
    if (this.panel) {
      this.panel.show(result);
      return;
    }
    this.panel = new ResultsPanel(result, (clean, crash) => this.rerun(clean, crash));
    this.panel.onDidDispose(() => {
      this.panel = null;
    });
  }

  private rerun(clean: SimulationResult, crash: CrashInjection): Promise<SimulationResult | null> {
    const uri = vscode.Uri.file(clean.query.file).toString();
    const queryNumber = clean.database === null ? undefined : this.queryNumbers.get(clean.database);
    return this.simulate({ uri, line: clean.query.line - 1, queryName: clean.query.name, ...(queryNumber === undefined ? {} : { queryNumber }) }, crash);
  }

  private report(problem: SimulationProblem): void {
    this.output.error(`simulation failed (${problem.kind}): ${problem.message}`);
    if (problem.kind === 'crashed') this.output.error(problem.details);
    const actions = problem.kind === 'sqlite-binding' || problem.kind === 'node-not-found' ? ['Open Settings', 'Show Output'] : ['Show Output'];
    void vscode.window.showErrorMessage(`Whirlpool: ${problem.message}`, ...actions).then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'whirlpool.simulator.nodePath');
      else if (choice === 'Show Output') this.output.show();
    });
  }

  private async resolveTarget(args: SimulateArguments | undefined): Promise<{ document: vscode.TextDocument; line: number } | null> {
    if (args?.uri) {
      const uri = vscode.Uri.parse(args.uri);
      try {
        return { document: await vscode.workspace.openTextDocument(uri), line: args.line ?? 0 };
      } catch (error) {
        // A recorded result may name a file that is not on this machine.
        void vscode.window.showErrorMessage(`Whirlpool: cannot open ${uri.fsPath} to simulate it (${error instanceof Error ? error.message : String(error)})`);
        return null;
      }
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Whirlpool: open a file with a streaming query to simulate it');
      return null;
    }
    if (editor.document.uri.scheme !== 'file' && !notebookOf(editor.document)) {
      void vscode.window.showInformationMessage('Whirlpool: save the file first; the simulator works on files on disk');
      return null;
    }
    return { document: editor.document, line: editor.selection.active.line };
  }
}

/** Which started query of the file the line belongs to, 1-based, from the server's Simulate lenses (they follow the model's writers). */
async function queryNumber(uri: vscode.Uri, line: number): Promise<number> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  const starts = lenses
    .filter((lens) => lens.command?.command === 'whirlpool.simulate')
    .map((lens) => ({ line: lens.range.start.line, number: (lens.command?.arguments?.[0] as SimulateArguments | undefined)?.queryNumber }))
    .sort((a, b) => a.line - b.line);
  // The query whose start() is on this line, else the first one after the cursor, else the last.
  const index = starts.findIndex((start) => start.line >= line);
  const chosen = starts[index >= 0 ? index : starts.length - 1];
  // A notebook cell's lenses carry the query's number in the notebook; a file's are counted.
  return chosen?.number ?? (index >= 0 ? index + 1 : Math.max(starts.length, 1));
}

/** The open notebook a cell document belongs to; undefined for a text document. */
function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  const wanted = document.uri.toString();
  return vscode.workspace.notebookDocuments.find((notebook) => notebook.getCells().some((cell) => cell.document.uri.toString() === wanted));
}
