// `whirlpool simulate FILE`: replays events through one streaming query of a
// PySpark file, micro-batch by micro-batch with Spark's semantics, into a
// SQLite file; prints a per-batch summary (or Spark-shaped progress JSON
// lines), and with --crash-at shows what a crash and restart do to the sink
// compared with a clean run.
//
// Exit codes: 0 the run finished; 1 the query cannot be simulated or stopped
// (an unsupported construct, an analysis error Spark would raise, a malformed
// record under FAILFAST); 2 bad arguments or unreadable input.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { PipelineModel, StreamWriter } from '../model/pipeline';
import { LineIndex } from '../model/span';
import { parsePython } from '../python/parse';
import { describeModuleOffset, describePartOffset, isInserted, notebookModuleOf } from '../notebooks/notebook-module';
import { parseScala } from '../scala/parse';
import { exitCode, type CliIo } from './cli-io';
import { readRunTarget } from './read-source';
import { parseSimulateArgs, simulateUsage, type SimulateArgs } from './simulate-args';
import { formatBatchLine, formatProgressBar, formatSummaryTable } from './simulate-report';
import { runSimulation, VirtualClock, type RunOutcome, type SimulationPlan } from './simulate-run';
import { InputBinder } from '../../../simulator/src/io/bind-inputs';
import { bindQueryInputs, rootStreamingSources, type QueryInputs } from '../../../simulator/src/io/query-inputs';
import { describeError, SimulationError } from '../../../simulator/src/engine/simulation-error';
import { defaultStartMicros } from '../../../simulator/src/generate/event-generator';
import { scenarioInputs } from '../../../simulator/src/io/scenario-input';

export interface SimulateEnvironment {
  /** Whether stdout is a terminal (a progress bar then, plain lines otherwise). */
  readonly terminal: boolean;
}

export const simulateCommand = {
  name: 'simulate',
  summary: 'replay events through a streaming query into SQLite, batch by batch',
  run: (args: readonly string[], io: CliIo): Promise<number> => runSimulate(args, io, { terminal: process.stdout.isTTY === true }),
};

export async function runSimulate(argv: readonly string[], io: CliIo, environment: SimulateEnvironment): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`${simulateUsage}\n`);
    return exitCode.clean;
  }
  const parsed = parseSimulateArgs(argv);
  if (parsed.value === null) {
    io.stderr(`whirlpool simulate: ${parsed.error}\n`);
    return exitCode.failure;
  }
  const args = parsed.value;
  const loaded = await loadJob(args, io);
  if (loaded.kind === 'exit') return loaded.code;
  const { code, file, model, writer, queryIndex, scenarioRows, where } = loaded;

  if (scenarioRows !== null && args.crashAt !== null) {
    io.stderr('whirlpool simulate: --crash-at runs a job file; a scenario has its own restart steps (run it with whirlpool test)\n');
    return exitCode.failure;
  }
  // Inputs: event files, events beside the job, or generated rows
  const generatedBatches = args.batches ?? 10;
  const clock = new VirtualClock(Math.floor(defaultStartMicros / 1000));
  const binder = new InputBinder({
    model,
    code,
    file,
    events: args.events,
    rowsPerBatch: args.rowsPerBatch,
    generatedRows: generatedBatches * args.rowsPerBatch,
    staticRows: 40,
    seed: args.seed,
    epochUnit: args.epochUnit,
    clock: clock.now,
  });
  const streaming = rootStreamingSources(model, writer.input);
  const inputs: QueryInputs = scenarioRows === null
    ? bindQueryInputs(model, writer.input, binder)
    : { sources: { ...scenarioRows.sources }, statics: { ...scenarioRows.statics }, staticSchemas: {}, origins: scenarioRows.origins };
  const { sources, statics, staticSchemas, origins } = inputs;
  const unused = binder.unusedBindings();
  if (unused.length > 0) binder.problems.push(`--events ${unused.join(', ')}: no source of query ${queryIndex.started} has that name`);
  if (binder.problems.length > 0) {
    binder.close();
    for (const problem of binder.problems) io.stderr(`whirlpool simulate: ${problem}\n`);
    return exitCode.failure;
  }
  const quiet = args.progress === 'jsonl';
  const info = quiet ? io.stderr : io.stdout;
  info(`simulating ${describeWriter(writer, where, queryIndex.started)} of ${file ?? args.scenario}\n`);
  for (const origin of origins) info(`  input ${origin}\n`);
  for (const note of binder.notes) info(`  note: ${note}\n`);

  const database = prepareDatabase(args.database, io);
  if (database === null) {
    binder.close();
    return exitCode.failure;
  }

  const endless = streaming.some((node) => node.source.format?.value === 'rate');
  const plan: SimulationPlan = {
    model,
    queryIndex: queryIndex.model,
    sources,
    statics,
    staticSchemas,
    sparkVersion: args.sparkVersion,
    sinkSemantics: args.sinkSemantics,
    sinkKind: sinkKindOf(writer),
    // A rate source never runs out: stop after the batches asked for (10 by default)
    dataBatches: args.batches ?? (endless ? generatedBatches : null),
    clock,
    // A scenario's addData step is one batch, as in Spark's test harness
    rowsPerBatch: scenarioRows === null ? args.rowsPerBatch : Number.MAX_SAFE_INTEGER,
    steps: scenarioRows === null ? null : scenarioRows.steps.map((group) => () => {
      for (const [key, rows] of Object.entries(group)) scenarioRows.sources[key]?.add(rows);
    }),
  };
  let done = 0;
  let rowsIn = 0;
  const total = plan.dataBatches ?? expectedDataBatches(binder);
  const outcome = runSimulation(plan, database, args.crashAt === null ? null : { phase: args.crashAt, batchId: args.crashBatch }, {
    onProgress: (summary, json) => {
      if (summary.inputRows > 0) done += 1;
      rowsIn += summary.inputRows;
      if (args.progress === 'jsonl') io.stdout(`${json}\n`);
      else if (environment.terminal) io.stdout(`\r${formatProgressBar(done, total, summary.batchId, rowsIn)}`);
      else io.stdout(`${formatBatchLine(summary)}\n`);
    },
  });
  binder.close();
  if (environment.terminal && args.progress !== 'jsonl') io.stdout('\r\x1b[K');
  return report(outcome, database, code, where, info, io);
}

/** Data batches the bound inputs make under their read limits (for the progress bar); null when unknown. */
function expectedDataBatches(binder: InputBinder): number | null {
  let most = 0;
  for (const bound of binder.sources) {
    const limit = bound.opened.readLimit;
    const available = bound.opened.source.latestOffset(0, { kind: 'all' });
    const per = limit.kind === 'maxRows' ? limit.rows : limit.kind === 'maxFiles' ? limit.files : available;
    if (per <= 0) return null;
    most = Math.max(most, Math.ceil(available / per));
  }
  return most > 0 ? most : null;
}

type LoadedJob =
  | {
      readonly kind: 'job';
      readonly code: string;
      readonly file: string | null;
      readonly model: PipelineModel;
      readonly writer: StreamWriter;
      /** 1-based among started writers, and the index in `model.writers`. */
      readonly queryIndex: { readonly started: number; readonly model: number };
      readonly scenarioRows: Extract<ReturnType<typeof scenarioInputs>, { kind: 'inputs' }> | null;
      /** Where an offset of `code` is, in the user's terms: `line 12`, or `cell 3, line 2` in a Jupyter notebook. */
      readonly where: (offset: number) => string;
    }
  | { readonly kind: 'exit'; readonly code: number };

async function loadJob(args: SimulateArgs, io: CliIo): Promise<LoadedJob> {
  let code: string;
  let file: string | null = null;
  let scenarioRows: Extract<ReturnType<typeof scenarioInputs>, { kind: 'inputs' }> | null = null;
  if (args.scenario !== null) {
    const scenarioPath = path.resolve(io.cwd, args.scenario);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(scenarioPath, 'utf8'));
    } catch (error) {
      io.stderr(`whirlpool simulate: cannot read the scenario ${args.scenario}: ${(error as Error).message}\n`);
      return { kind: 'exit', code: exitCode.failure };
    }
    const inputs = scenarioInputs(json);
    if (inputs.kind === 'error') {
      io.stderr(`whirlpool simulate: ${args.scenario}: ${inputs.message}\n`);
      return { kind: 'exit', code: exitCode.failure };
    }
    scenarioRows = inputs;
    code = inputs.pipeline;
  } else {
    file = path.resolve(io.cwd, args.file);
    try {
      code = readFileSync(file, 'utf8');
    } catch (error) {
      io.stderr(`whirlpool simulate: cannot read ${args.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}\n`);
      return { kind: 'exit', code: exitCode.failure };
    }
  }
  let scala = scenarioRows ? scenarioRows.language === 'scala' : /\.scala$/i.test(args.file);
  // A notebook (Databricks source or .ipynb): the code cells of its language, as one job, with what its %run lines run.
  const notebook = file === null ? null : notebookModuleOf(file, code, readRunTarget);
  if (notebook?.kind === 'problem') {
    io.stderr(`whirlpool simulate: ${args.file}: ${notebook.message}\n`);
    return { kind: 'exit', code: exitCode.failure };
  }
  if (notebook) {
    code = notebook.module.text;
    scala = notebook.module.language === 'scala';
    for (const problem of notebook.runProblems) io.stderr(`whirlpool simulate: ${args.file}: ${describePartOffset(notebook, problem.part, problem.span.start)}: ${problem.message}\n`);
  }
  const lines = new LineIndex(code);
  const where = (offset: number): string => (notebook ? describeModuleOffset(notebook, offset) : `line ${lines.position(offset).line + 1}`);
  const { model } = await (scala ? parseScala : parsePython)(code);
  const syntax = model.problems.filter((problem) => problem.kind === 'syntax');
  for (const problem of syntax) io.stderr(`whirlpool simulate: ${where(problem.span.start)}: ${problem.message}\n`);
  // A query a %run target starts is that notebook's to simulate; the lenses and --query count this file's own.
  const started = model.writers.filter((writer) => writer.start !== null && !(notebook && isInserted(notebook, writer.start.span.start)));
  const name = file === null ? args.scenario : args.file;
  if (started.length === 0) {
    io.stderr(`whirlpool simulate: ${name} starts no streaming query (no writeStream...start() or toTable())\n`);
    return { kind: 'exit', code: exitCode.failure };
  }
  const list = started.map((writer, index) => `  ${index + 1}. ${describeWriter(writer, where, index + 1)}`).join('\n');
  if (args.query !== null && args.query > started.length) {
    io.stderr(`whirlpool simulate: unknown query ${args.query}: ${name} starts ${started.length} streaming ${started.length === 1 ? 'query' : 'queries'}:\n${list}\n`);
    return { kind: 'exit', code: exitCode.failure };
  }
  const position = args.query ?? 1;
  if (args.query === null && started.length > 1) {
    io.stderr(`whirlpool simulate: ${name} starts ${started.length} streaming queries; simulating the first (pick another with --query N):\n${list}\n`);
  }
  const writer = started[position - 1] as StreamWriter;
  return { kind: 'job', code, file, model, writer, queryIndex: { started: position, model: model.writers.indexOf(writer) }, scenarioRows, where };
}

function describeWriter(writer: StreamWriter, where: (offset: number) => string, position: number): string {
  const name = writer.queryName?.value.kind === 'string' ? ` "${writer.queryName.value.value}"` : '';
  const sink = writer.foreachBatch !== null ? 'foreachBatch' : (writer.format?.value ?? 'default sink');
  return `query ${position}${name} (${where(writer.start?.span.start ?? writer.span.start)}, ${sink} sink, ${writer.outputMode?.value ?? 'append'} mode)`;
}

/** Sinks that skip a batch id they already hold (files, Delta, memory) versus those that append every write. */
function sinkKindOf(writer: StreamWriter): 'memory' | 'append-only' | 'foreachBatch' {
  if (writer.foreachBatch !== null) return 'foreachBatch';
  if (writer.foreach !== null) return 'append-only';
  const format = writer.format?.value.toLowerCase() ?? '';
  return format === 'kafka' || format === 'jdbc' || format === 'console' ? 'append-only' : 'memory';
}

function prepareDatabase(requested: string | null, io: CliIo): string | null {
  if (requested === null) return path.join(mkdtempSync(path.join(tmpdir(), 'whirlpool-simulate-')), 'simulation.sqlite');
  const target = path.resolve(io.cwd, requested);
  if (existsSync(target)) {
    // Replace an earlier simulation; never a file that is something else
    let isSimulation = false;
    try {
      const db = new Database(target, { readonly: true, fileMustExist: true });
      isSimulation = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'progress'").get() !== undefined;
      db.close();
    } catch {
      isSimulation = false;
    }
    if (!isSimulation) {
      io.stderr(`whirlpool simulate: ${requested} exists and is not a Whirlpool simulation; choose another --db\n`);
      return null;
    }
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  }
  mkdirSync(path.dirname(target), { recursive: true });
  return target;
}

function report(outcome: RunOutcome, database: string, code: string, where: (offset: number) => string, info: (text: string) => void, io: CliIo): number {
  switch (outcome.kind) {
    case 'failed':
      io.stderr(`whirlpool simulate: ${describeFailure(outcome.error, code, where)}\n`);
      if (outcome.batches.length > 0) info(`${formatSummaryTable(outcome.batches)}\n`);
      return outcome.code === 'input' ? exitCode.failure : exitCode.findings;
    case 'finished': {
      if (outcome.batches.length === 0) info('no batch ran: the sources had no input\n');
      else info(`${formatSummaryTable(outcome.batches)}\n`);
      if (outcome.crash !== null) info(`${outcome.crash}\n`);
      info(`wrote ${database} (tables: sink_rows, progress, corrupt_records, offsets, commits, state_files)\n`);
      return exitCode.clean;
    }
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}

/** The simulator's message with where the construct is (`describeError`'s shape, positions in the user's terms). */
function describeFailure(error: unknown, code: string, where: (offset: number) => string): string {
  if (!(error instanceof SimulationError) || error.span === null) return describeError(error, null);
  const snippet = code.slice(error.span.start, Math.min(error.span.end, error.span.start + 60)).split('\n')[0] ?? '';
  return `${where(error.span.start)}: ${error.message} (at \`${snippet}\`)`;
}
