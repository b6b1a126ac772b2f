// The language server: keeps the open documents, lints them with the shared
// analysis, and reports diagnostics by pull (`textDocument/diagnostic`) when
// the client supports it, by push (`publishDiagnostics`) otherwise.
//
// Every handler catches at the boundary: a bug in the analysis or an odd
// client message is logged and answered with "no diagnostics", never a crash.

import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import * as path from 'node:path';
import { version } from '../../../package.json';
import { chooseSparkVersion, describeSparkVersionChoice, isVersionFile, type SparkVersionChoice } from '../analysis/detect-spark-version';
import { sparkVersionResolver } from '../cli/nearest-build-files';
import type { AnalysisResult } from '../analysis/types';
import { LineIndex } from '../model/span';
import { createParser, type Parser } from '../syntax/tree-sitter';
import { ruleDocUrl } from '../cli/rule-doc-url';
import { codeActions, fixAllKind, resolveCodeAction, showDocumentationCommand, type CodeActionOptions } from './code-actions';
import { DocumentStore, isScalaDocument } from './document-store';
import { pythonPlacement, scalaPlacement, type SuppressionPlacement } from '../fixes/suppression-edits';
import { documentPath } from './document-uri';
import { activeRuleCount, lintOpenDocument, settingsContext } from './lint-document';
import { loadModuleParsers, type ModuleParsers } from '../analysis/analyze-notebook';
import { NotebookService, notebookDocumentSync, notebookFixAllKind } from './notebook-service';
import { RuleErrorLog } from './rule-error-log';
import { simulateCodeLenses } from './simulate-lens';
import { RunDependents, runResolver } from './notebook-runs';
import type { RunResolver } from '../notebooks/notebook-runs';
import { toPartSpan, type VirtualModule } from '../notebooks/virtual-module';
import { readSettings, type ServerSettings } from './settings';
import { statusNotification, statusRequest, type LintRecord, type ServerStatus } from './status';

export interface ServerOptions {
  /** Delay between a change and the lint it triggers in push mode, so a burst of keystrokes lints once. */
  readonly debounceMilliseconds: number;
}

interface ClientSupport {
  readonly pullDiagnostics: boolean;
  readonly diagnosticRefresh: boolean;
  readonly configuration: boolean;
  readonly dynamicConfigurationRegistration: boolean;
  /** The client resolves a code action's edit on demand (`codeAction/resolve` with `edit`). */
  readonly resolveEdits: boolean;
  readonly showDocument: boolean;
  /** The client watches files for the server when asked (`workspace/didChangeWatchedFiles` registered dynamically). */
  readonly watchedFilesRegistration: boolean;
}

interface LintOutcome {
  readonly version: number;
  readonly diagnostics: Diagnostic[];
}

export class WhirlpoolServer {
  private store: DocumentStore | null = null;
  /** Jupyter notebooks synced by the client (notebook document sync); their cells are not in the store. */
  private notebooks: NotebookService | null = null;
  private notebookParsers: ModuleParsers | null = null;
  private support: ClientSupport = {
    pullDiagnostics: false,
    diagnosticRefresh: false,
    configuration: false,
    dynamicConfigurationRegistration: false,
    resolveEdits: false,
    showDocument: false,
    watchedFilesRegistration: false,
  };
  /** Settings as last read; documents wait for the first read so they are not linted twice. */
  private settings: Promise<ServerSettings>;
  /** Settings scoped to each open document (folder settings in a multi-root workspace), read on first use. */
  private readonly documentSettings = new Map<string, Promise<ServerSettings>>();
  /** Lints waiting for the first settings of a client that serves workspace/configuration (asked once initialized). */
  private readonly settingsAfterInitialized: ((settings: ServerSettings) => void)[] = [];
  /** Bumped on every settings change, so pull clients' cached result ids go stale. */
  private settingsGeneration = 0;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly pullResults = new Map<string, { readonly resultId: string; readonly items: Diagnostic[] }>();
  private readonly ruleErrors: RuleErrorLog;
  private readonly failureLogged = new Set<string>();
  /** The last analysis of each open document, for requests that read the model (code lenses). */
  private readonly analyses = new Map<string, { readonly version: number; readonly result: AnalysisResult | null; readonly module: VirtualModule | null }>();
  /** Which open documents' `%run` lines read which paths. */
  private readonly runDependents = new RunDependents();
  /** Reads `%run` targets: the open document (or notebook) at that path, else the file on disk. */
  private readonly runs: RunResolver = runResolver((file) => {
    for (const uri of this.store?.uris() ?? []) {
      if (uri.startsWith('file:') && path.resolve(documentPath(uri)) === file) return this.store?.get(uri)?.text;
    }
    return this.notebooks?.notebookJson(file);
  });
  private settingsProblems: readonly string[] = [];
  private readonly loggedSettingsProblems = new Set<string>();
  private lastLint: LintRecord | null = null;
  /** Finds each file's build files once; dropped when settings or an open build file change. */
  private versionResolver: ReturnType<typeof sparkVersionResolver> | null = null;
  private linting = 0;

  constructor(
    private readonly connection: Connection,
    private readonly parser: Promise<Parser>,
    private readonly options: ServerOptions,
  ) {
    this.ruleErrors = new RuleErrorLog((message) => connection.console.error(message));
    this.settings = Promise.resolve(this.parseSettings(undefined, 'global'));
    this.register();
  }

  private register(): void {
    const connection = this.connection;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() =>
      this.guard('initialized', async () => {
        if (this.support.configuration) await this.resolveInitialSettings();
        if (this.support.dynamicConfigurationRegistration) {
          await connection.client.register(DidChangeConfigurationNotification.type, { section: 'whirlpool' });
        }
        // A notebook's %run target may change on disk without being open (a git checkout, another editor),
        // and a saved build file may pin another Spark version for every document below it.
        if (this.support.watchedFilesRegistration) {
          await connection.client.register(DidChangeWatchedFilesNotification.type, {
            watchers: [
              { globPattern: '**/*.{py,scala,ipynb}' },
              { globPattern: '**/{requirements*.txt,pyproject.toml,setup.cfg,environment*.yml,environment*.yaml,pom.xml,build.sbt,databricks.yml}' },
            ],
          });
        }
      }),
    );
    connection.onDidChangeConfiguration((params) =>
      this.guard('didChangeConfiguration', async () => {
        this.loggedSettingsProblems.clear();
        this.settings = this.support.configuration
          ? this.fetchSettings()
          : Promise.resolve(this.parseSettings(sectionOf(params.settings), 'global'));
        await this.settings;
        this.documentSettings.clear();
        this.versionResolver = null;
        this.settingsGeneration++;
        this.pullResults.clear();
        this.relintAll();
        await this.sendStatus();
      }),
    );
    connection.onDidOpenTextDocument((params) =>
      this.guard('didOpen', () => {
        const { uri, languageId, version, text } = params.textDocument;
        this.requireStore().open(uri, languageId, version, text);
        this.schedule(uri, 0);
        this.runTargetChanged(uri, 0);
      }),
    );
    connection.onDidChangeTextDocument((params) =>
      this.guard('didChange', () => {
        const { uri, version } = params.textDocument;
        this.requireStore().change(uri, version, params.contentChanges);
        this.schedule(uri, this.options.debounceMilliseconds);
        this.runTargetChanged(uri, this.options.debounceMilliseconds);
      }),
    );
    connection.onDidCloseTextDocument((params) =>
      this.guard('didClose', () => {
        const uri = params.textDocument.uri;
        this.requireStore().close(uri);
        this.analyses.delete(uri);
        this.documentSettings.delete(uri);
        this.cancel(uri);
        this.pullResults.delete(uri);
        this.runDependents.forget(uri);
        if (!this.support.pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
        // The notebooks that run it read it from disk now.
        this.runTargetChanged(uri, 0);
      }),
    );
    connection.onDidChangeWatchedFiles((params) =>
      this.guard('didChangeWatchedFiles', () => {
        for (const change of params.changes) this.runTargetChanged(change.uri, this.options.debounceMilliseconds);
        // A build file changed on disk (saved, checked out): every open document is judged again for the version it now pins.
        if (params.changes.some((change) => change.uri.startsWith('file:') && isVersionFile(path.basename(documentPath(change.uri))))) {
          this.versionResolver = null;
          this.settingsGeneration++;
          this.pullResults.clear();
          this.relintAll();
        }
      }),
    );
    connection.languages.diagnostics.on(async (params, token) => {
      const uri = params.textDocument.uri;
      // Let queued changes and cancellations arrive first: a request overtaken by an edit is not worth linting.
      await new Promise((resolve) => setImmediate(resolve));
      if (token.isCancellationRequested) {
        throw new ResponseError(LSPErrorCodes.ServerCancelled, 'document changed', { retriggerRequest: true });
      }
      return this.pull(uri, params.previousResultId);
    });
    connection.onRequest(statusRequest, () => this.status());
    connection.onCodeLens(async (params) => {
      try {
        const uri = params.textDocument.uri;
        if (this.notebooks?.isCell(uri)) return await this.notebooks.codeLenses(uri);
        const document = this.requireStore().get(uri);
        const model = (await this.analysis(uri))?.model;
        const module = this.analyses.get(uri)?.module ?? null;
        if (!document || !model) return [];
        // A Databricks notebook's model is in its module's offsets; queries in the code of a %run target are not this file's.
        const toDocument = module === null ? undefined : (span: { start: number; end: number }) => {
          const moved = toPartSpan(module, span);
          return moved && moved.part === 0 ? moved.span : null;
        };
        return simulateCodeLenses(model, new LineIndex(document.text), uri, toDocument);
      } catch (error) {
        this.logFailure('textDocument/codeLens', error);
        return [];
      }
    });
    connection.onCodeAction(async (params) => {
      try {
        const uri = params.textDocument.uri;
        if (this.notebooks?.isCell(uri)) return await this.notebooks.codeActions(params);
        const document = this.requireStore().get(uri);
        const result = await this.analysis(uri);
        if (!document || !result) return [];
        const settings = await this.settingsFor(uri);
        return codeActions(
          result.findings,
          new LineIndex(document.text),
          {
            uri,
            range: params.range,
            only: params.context.only,
            diagnostics: params.context.diagnostics,
            lazyVersion: this.support.resolveEdits ? document.version : null,
            ...(result.model ? { text: document.text, placement: () => this.suppressionPlacement(uri) } : {}),
          },
          this.codeActionOptions(settings),
        );
      } catch (error) {
        this.logFailure('textDocument/codeAction', error);
        return [];
      }
    });
    connection.onCodeActionResolve(async (action) => {
      try {
        const data: unknown = action.data;
        const uri = typeof data === 'object' && data !== null && 'uri' in data && typeof data.uri === 'string' ? data.uri : null;
        const document = uri === null ? undefined : this.requireStore().get(uri);
        const result = uri === null ? null : await this.analysis(uri);
        if (!uri || !document || !result) return action;
        const current = { version: document.version, text: document.text, findings: result.findings, index: new LineIndex(document.text), placement: () => this.suppressionPlacement(uri) };
        return resolveCodeAction(action, current, this.codeActionOptions(await this.settingsFor(uri)));
      } catch (error) {
        this.logFailure('codeAction/resolve', error);
        return action;
      }
    });
    connection.onExecuteCommand((params) =>
      this.guard('workspace/executeCommand', async () => {
        if (params.command !== showDocumentationCommand) return;
        const url = params.arguments?.[0];
        if (typeof url !== 'string') return;
        if (this.support.showDocument) await connection.window.showDocument({ uri: url, external: true });
        else connection.window.showInformationMessage(`Whirlpool rule documentation: ${url}`);
      }),
    );
    connection.onShutdown(() => {
      for (const uri of [...this.timers.keys()]) this.cancel(uri);
      this.notebooks?.dispose();
      this.store?.dispose();
    });
  }

  /** Where suppression comments go in an open document: `//` above tree-sitter-scala's statements in Scala, `#` above logical lines in Python. */
  private suppressionPlacement(uri: string): SuppressionPlacement {
    const store = this.requireStore();
    const document = store.get(uri);
    const text = document?.text ?? '';
    if (document && isScalaDocument(document.languageId, uri)) return scalaPlacement(text, store.syntaxTree(uri)?.rootNode ?? null);
    return pythonPlacement(text);
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    const capabilities = params.capabilities;
    this.support = {
      pullDiagnostics: capabilities.textDocument?.diagnostic !== undefined,
      diagnosticRefresh: capabilities.workspace?.diagnostics?.refreshSupport === true,
      configuration: capabilities.workspace?.configuration === true,
      dynamicConfigurationRegistration: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      resolveEdits: capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
      showDocument: capabilities.window?.showDocument?.support === true,
      watchedFilesRegistration: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    };
    try {
      // Scala documents get their own grammar; a failed load leaves Python linting working.
      const scalaParser = await createParser('scala').catch(() => null);
      this.store = new DocumentStore(await this.parser, scalaParser);
    } catch (error) {
      throw new ResponseError(-32603, `whirlpool cannot load the Python grammar: ${describe(error)}`);
    }
    // Notebooks parse each language's module afresh, with parsers of their own.
    this.notebookParsers = await loadModuleParsers().catch((error: unknown) => {
      this.logFailure('loading the notebook parsers', error);
      return null;
    });
    if (this.notebookParsers) {
      this.notebooks = new NotebookService(this.connection, this.notebookParsers, {
        debounceMilliseconds: this.options.debounceMilliseconds,
        settingsFor: async (notebookUri) => {
          const settings = await this.settingsFor(notebookUri);
          if (!settings.enable) return null;
          const target = this.targetSparkVersion(notebookUri, settings);
          return { analysis: { ...settings.analysis, sparkVersion: target.version }, codeActions: this.codeActionOptions(settings), versionNote: describeSparkVersionChoice(target) };
        },
        documentationUrl: ruleDocUrl,
        onRuleErrors: (errors) => this.ruleErrors.report(errors),
        onFailure: (where, error) => this.logFailure(where, error),
        onLinted: (notebookUri, durationMs, findingCount) => {
          this.lastLint = { uri: notebookUri, finishedAt: new Date().toISOString(), durationMs: Math.round(durationMs * 100) / 100, findingCount };
          void this.sendStatus().catch(() => undefined);
        },
        runs: this.runs,
        onNotebookChanged: (notebookUri) => this.runTargetChanged(notebookUri, this.options.debounceMilliseconds),
      });
    }
    // Clients without workspace/configuration may pass settings at start instead.
    this.settings = this.support.configuration
      ? new Promise((resolve) => this.settingsAfterInitialized.push(resolve))
      : Promise.resolve(this.parseSettings(sectionOf(params.initializationOptions), 'global'));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeLensProvider: {},
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllKind, notebookFixAllKind], resolveProvider: true },
        notebookDocumentSync,
        executeCommandProvider: { commands: [showDocumentationCommand] },
        ...(this.support.pullDiagnostics
          ? { diagnosticProvider: { identifier: 'whirlpool', interFileDependencies: false, workspaceDiagnostics: false } }
          : {}),
      },
      serverInfo: { name: 'whirlpool', version },
    };
  }

  private codeActionOptions(settings: ServerSettings): CodeActionOptions {
    return {
      neverOnSave: settings.neverOnSave,
      onFixError: (rule, error) => this.ruleErrors.report([{ rule, error: `its fix failed: ${describe(error)}` }]),
      documentationUrl: ruleDocUrl,
    };
  }

  private async resolveInitialSettings(): Promise<void> {
    const settings = await this.fetchSettings();
    for (const resolve of this.settingsAfterInitialized.splice(0)) resolve(settings);
  }

  /** The settings for one document: scoped to it when the client serves workspace/configuration, the global ones otherwise. */
  private async settingsFor(uri: string): Promise<ServerSettings> {
    const global = await this.settings;
    if (!this.support.configuration) return global;
    let scoped = this.documentSettings.get(uri);
    if (!scoped) {
      scoped = this.fetchSettings(uri);
      this.documentSettings.set(uri, scoped);
    }
    return scoped;
  }

  private async fetchSettings(scopeUri?: string): Promise<ServerSettings> {
    try {
      const section: unknown = await this.connection.workspace.getConfiguration(
        scopeUri === undefined ? { section: 'whirlpool' } : { scopeUri, section: 'whirlpool' },
      );
      return this.parseSettings(section, scopeUri === undefined ? 'global' : 'document');
    } catch (error) {
      this.connection.console.error(`cannot read the whirlpool settings, using the defaults: ${describe(error)}`);
      return this.parseSettings(undefined, scopeUri === undefined ? 'global' : 'document');
    }
  }

  private parseSettings(section: unknown, scope: 'global' | 'document'): ServerSettings {
    const reading = readSettings(section, settingsContext);
    // Each document reads its own settings: say what is wrong once, not once per open file.
    for (const problem of reading.problems) {
      if (this.loggedSettingsProblems.has(problem)) continue;
      this.loggedSettingsProblems.add(problem);
      this.connection.console.warn(problem);
    }
    if (scope === 'global') this.settingsProblems = reading.problems;
    return reading.value;
  }

  private async status(): Promise<ServerStatus> {
    const settings = await this.settings;
    return {
      busy: this.linting > 0 || this.timers.size > 0,
      ruleCount: settings.enable ? activeRuleCount(settings.analysis) : 0,
      lastLint: this.lastLint,
      sparkVersion: settings.analysis.sparkVersion.join('.'),
      enabled: settings.enable,
      settingsProblems: this.settingsProblems,
    };
  }

  private async sendStatus(): Promise<void> {
    await this.connection.sendNotification(statusNotification, await this.status());
  }

  private relintAll(): void {
    this.notebooks?.relintAll();
    if (this.support.pullDiagnostics) {
      if (this.support.diagnosticRefresh) this.connection.languages.diagnostics.refresh();
      return;
    }
    for (const uri of this.requireStore().uris()) this.schedule(uri, 0);
  }

  /** Push mode: lints `uri` after `delay`, replacing any lint still waiting for it. */
  private schedule(uri: string, delay: number): void {
    if (this.support.pullDiagnostics) return;
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.guard('publishDiagnostics', () => this.push(uri));
      }, delay),
    );
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private async push(uri: string): Promise<void> {
    const outcome = await this.lint(uri);
    // A newer version is already scheduled (or the document closed): its lint will publish.
    if (!outcome || this.requireStore().get(uri)?.version !== outcome.version) return;
    await this.connection.sendDiagnostics({ uri, version: outcome.version, diagnostics: outcome.diagnostics });
  }

  private async pull(uri: string, previousResultId: string | undefined): Promise<DocumentDiagnosticReport> {
    try {
      const version = this.requireStore().get(uri)?.version;
      if (version === undefined) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      const resultId = `${this.settingsGeneration}:${version}`;
      const cached = this.pullResults.get(uri);
      if (cached?.resultId === resultId) {
        return previousResultId === resultId
          ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId }
          : { kind: DocumentDiagnosticReportKind.Full, resultId, items: cached.items };
      }
      const outcome = await this.lint(uri);
      const items = outcome?.diagnostics ?? [];
      if (outcome?.version === version) this.pullResults.set(uri, { resultId, items });
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
    } catch (error) {
      this.logFailure('textDocument/diagnostic', error);
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
  }

  /** Lints the current text of an open document; null when it is not open. */
  private async lint(uri: string): Promise<LintOutcome | null> {
    const settings = await this.settingsFor(uri);
    const store = this.requireStore();
    const document = store.get(uri);
    if (!document) return null;
    if (!settings.enable) return { version: document.version, diagnostics: [] };
    const started = performance.now();
    this.linting++;
    try {
      const target = this.targetSparkVersion(uri, settings);
      const lint = lintOpenDocument(store, uri, { ...settings.analysis, sparkVersion: target.version }, describeSparkVersionChoice(target), this.notebookParsers ?? undefined, this.runs);
      if (!lint) return null;
      if (lint.result) this.ruleErrors.report(lint.result.ruleErrors);
      this.analyses.set(uri, { version: lint.version, result: lint.result, module: lint.module });
      this.runDependents.record(uri, lint.runDependencies);
      this.lastLint = {
        uri,
        finishedAt: new Date().toISOString(),
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        findingCount: lint.diagnostics.length,
      };
      return { version: lint.version, diagnostics: lint.diagnostics };
    } catch (error) {
      this.logFailure(`linting ${uri}`, error);
      return { version: document.version, diagnostics: [] };
    } finally {
      this.linting--;
      void this.sendStatus().catch(() => undefined);
    }
  }

  /**
   * The version a document is judged for: the sparkVersion setting when set,
   * else the nearest build file's above a document on disk, else the default.
   */
  private targetSparkVersion(uri: string, settings: ServerSettings): SparkVersionChoice {
    const configured = settings.analysis.sparkVersion;
    if (settings.sparkVersionSet) return chooseSparkVersion({ version: configured, from: 'the whirlpool.sparkVersion setting' }, null, configured);
    if (!uri.startsWith('file:')) return chooseSparkVersion(null, null, configured);
    const file = documentPath(uri);
    // An open build file may be edited: read the build files again.
    if (isVersionFile(path.basename(file))) this.versionResolver = null;
    this.versionResolver ??= sparkVersionResolver(null, configured, '');
    const found = this.versionResolver(file);
    for (const problem of found.problems) {
      if (this.loggedSettingsProblems.has(problem)) continue;
      this.loggedSettingsProblems.add(problem);
      this.connection.console.warn(problem);
    }
    return found.choice;
  }

  /** The analysis of the current version of a document: the last lint's when it is current, a fresh one otherwise. */
  private async analysis(uri: string): Promise<AnalysisResult | null> {
    const version = this.requireStore().get(uri)?.version;
    if (version === undefined) return null;
    const cached = this.analyses.get(uri);
    if (cached?.version === version) return cached.result;
    await this.lint(uri);
    const fresh = this.analyses.get(uri);
    return fresh?.version === version ? fresh.result : null;
  }

  /**
   * `uri` (a document opened, edited or closed, or a file changed on disk)
   * may be a `%run` target: the documents and notebooks whose last lint read
   * or looked for it are linted again.
   */
  private runTargetChanged(uri: string, delay: number): void {
    if (!uri.startsWith('file:')) return;
    const file = documentPath(uri);
    this.notebooks?.relintRunDependents(file);
    const dependents = this.runDependents.dependentsOf(file).filter((dependent) => dependent !== uri);
    if (dependents.length === 0) return;
    for (const dependent of dependents) {
      this.analyses.delete(dependent);
      this.pullResults.delete(dependent);
      this.schedule(dependent, delay);
    }
    if (this.support.pullDiagnostics && this.support.diagnosticRefresh) this.connection.languages.diagnostics.refresh();
  }

  private requireStore(): DocumentStore {
    if (!this.store) throw new Error('the client sent a document before initialize');
    return this.store;
  }

  private async guard(handler: string, body: () => void | Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      this.logFailure(handler, error);
    }
  }

  /** Logs an unexpected failure; the same message is logged once, not on every keystroke. */
  private logFailure(where: string, error: unknown): void {
    const message = `${where} failed: ${describe(error)}`;
    if (this.failureLogged.has(message)) return;
    this.failureLogged.add(message);
    this.connection.console.error(message);
  }
}

/** The `whirlpool` section of a settings object: `{ whirlpool: {...} }`, or `{ settings: {...} }` as the VS Code client passes at start. */
function sectionOf(settings: unknown): unknown {
  if (typeof settings !== 'object' || settings === null) return undefined;
  if ('whirlpool' in settings) return (settings as { whirlpool: unknown }).whirlpool;
  if ('settings' in settings) return (settings as { settings: unknown }).settings;
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
