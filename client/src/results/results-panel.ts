// The webview that shows a simulation result. Rendering is render-results.ts
// (pure); this class owns the panel, its nonce, and the two requests the page
// can make: open the SQLite file, and re-run with a crash injected.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderResultsHtml } from './render-results';
import type { CrashInjection, CrashPhase, SimulationResult } from './result-types';
import { crashPhases } from './result-types';

/** Runs the query of `clean` again with a crash injected; null when it did not finish. */
export type RerunWithCrash = (clean: SimulationResult, crash: CrashInjection) => Promise<SimulationResult | null>;

export class ResultsPanel implements vscode.Disposable {
  static readonly viewType = 'whirlpool.results';
  private readonly panel: vscode.WebviewPanel;
  private crashed: SimulationResult | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  constructor(private result: SimulationResult, private readonly rerun: RerunWithCrash) {
    this.panel = vscode.window.createWebviewPanel(
      ResultsPanel.viewType,
      `Simulation: ${result.query.name}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      // Scripts for selection and buttons only; the page loads no resource at all.
      { enableScripts: true, localResourceRoots: [], enableCommandUris: false },
    );
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((message: unknown) => void this.handle(message)),
    );
    this.render();
  }

  /** What the panel shows, for the integration tests. */
  get shown(): { readonly result: SimulationResult; readonly crashed: SimulationResult | null; readonly html: string } {
    return { result: this.result, crashed: this.crashed, html: this.panel.webview.html };
  }

  show(result: SimulationResult): void {
    this.result = result;
    this.crashed = null;
    this.panel.title = `Simulation: ${result.query.name}`;
    this.render();
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
    this.disposed.fire();
    this.disposed.dispose();
  }

  private render(): void {
    this.panel.webview.html = renderResultsHtml({ result: this.result, crashed: this.crashed, nonce: randomBytes(16).toString('base64') });
  }

  private async handle(message: unknown): Promise<void> {
    if (typeof message !== 'object' || message === null) return;
    const request = message as { kind?: unknown; phase?: unknown; batchId?: unknown };
    if (request.kind === 'openDatabase' && this.result.database) {
      // vscode.open lets a SQLite viewer extension take the file; without one VS Code offers to pick an editor.
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(this.result.database));
    } else if (request.kind === 'rerunWithCrash' && isPhase(request.phase) && typeof request.batchId === 'number') {
      const crashed = await this.rerun(this.result, { phase: request.phase, batchId: request.batchId });
      if (crashed) {
        this.crashed = crashed;
        this.render();
      }
    }
  }
}

function isPhase(value: unknown): value is CrashPhase {
  return crashPhases.some((entry) => entry.phase === value);
}
