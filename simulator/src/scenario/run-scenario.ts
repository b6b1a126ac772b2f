// Runs a conformance scenario through the engine, step by step, the way
// Spark's StreamTest drives a query: data is queued while the query runs or
// is stopped, `advanceBatch` processes everything (no-data batches included),
// and each check reads the SQLite file. Every check reports pass or fail with
// a readable diff; a problem running the scenario is reported, never thrown.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { PipelineModel } from '../../../server/src/model/pipeline';
import type { SparkVersion } from '../../../server/src/analysis/types';
import { parsePython } from '../../../server/src/python/parse';
import { parseScala } from '../../../server/src/scala/parse';
import { type CheckpointStore, openDatabase } from '../engine/checkpoint';
import { parseDataType } from '../engine/data-type';
import { parseIntervalMicros } from '../engine/interval';
import type { StreamingQueryProgress } from '../engine/progress';
import { SimulationReader } from '../engine/read-api';
import { describeError, SimulationError } from '../engine/simulation-error';
import {
  type CrashPhase,
  openSimulation,
  SimulatedCrash,
  type Simulation,
  type SimulationOptions,
  type SinkKind,
  type SinkSemantics,
  type TriggerSetting,
} from '../engine/simulation';
import { writeStaticTable } from '../engine/static-tables';
import { compareRows, describeDiff } from './compare-rows';
import { type Json, type JsonRow, type LocatedStep, parseScenario, type Scenario, type Step } from './scenario';
import { createScenarioSources, type ScenarioSources } from './scenario-sources';

export interface RunScenarioOptions {
  /** Where the SQLite file goes; a temporary file (removed afterwards) when absent. */
  readonly dbPath?: string;
  readonly sinkSemantics?: SinkSemantics;
  readonly sinkKind?: SinkKind;
  readonly checkpointStore?: CheckpointStore;
  readonly sparkVersion?: SparkVersion;
  /** Crash once at this phase (of this batch); the runner restarts the query from the checkpoint and carries on. */
  readonly crashAt?: { readonly phase: CrashPhase; readonly batchId?: number };
  readonly onProgress?: (progress: StreamingQueryProgress, json: string) => void;
  /** Lowers the pipeline; defaults to the front end of the scenario's language (PySpark unless it says `scala`). */
  readonly lower?: (text: string) => Promise<PipelineModel>;
}

export interface CheckResult {
  /** 1-based step number in the scenario. */
  readonly step: number;
  readonly kind: Step['kind'];
  readonly ok: boolean;
  readonly message: string;
  readonly note: string | null;
}

export interface ScenarioResult {
  readonly name: string;
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
  /** Why the scenario could not run to the end (bad input, an unsupported construct, a corrupt checkpoint). */
  readonly error: { readonly kind: 'bad-input' | 'unsupported' | 'analysis' | 'corrupt-checkpoint' | 'internal'; readonly message: string } | null;
  /** Every sink row at the end, in write order: [batch id, row object]. */
  readonly sink: readonly (readonly [number, Readonly<Record<string, unknown>>])[];
  /** Every batch run, in order (a re-run batch appears twice). */
  readonly batches: readonly { readonly batchId: number; readonly numInputRows: number; readonly runId: string }[];
  readonly crashes: number;
}

export async function runScenario(json: unknown, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const parsed = parseScenario(json);
  const name = typeof (json as { name?: unknown })?.name === 'string' ? ((json as { name: string }).name) : '(unnamed)';
  if (!parsed.ok) return failure(name, 'bad-input', `invalid scenario: ${parsed.problems.join('; ')}`);
  const scenario = parsed.scenario;
  let model: PipelineModel;
  try {
    model = options.lower !== undefined ? await options.lower(scenario.pipeline) : (await (scenario.language === 'scala' ? parseScala : parsePython)(scenario.pipeline)).model;
  } catch (error) {
    return failure(scenario.name, 'internal', `cannot lower the pipeline: ${describeError(error, null)}`);
  }
  // The scenario's outputMode is what Spark's testStream(df, mode) passed; the code may leave it to the default
  model = {
    ...model,
    writers: model.writers.map((writer) =>
      writer.outputMode === null && scenario.outputMode !== 'append' ? { ...writer, outputMode: { value: scenario.outputMode, span: writer.writeStreamSpan } } : writer,
    ),
  };
  const syntax = model.problems.filter((p) => p.kind === 'syntax');
  if (syntax.length > 0) return failure(scenario.name, 'bad-input', `the pipeline has syntax errors: ${syntax.map((p) => p.message).join('; ')}`);
  const directory = options.dbPath === undefined ? mkdtempSync(path.join(tmpdir(), 'whirlpool-scenario-')) : null;
  const dbPath = options.dbPath ?? path.join(directory as string, 'simulation.sqlite');
  const runner = new ScenarioRunner(scenario, model, dbPath, options);
  try {
    return await runner.run();
  } finally {
    runner.close();
    if (directory !== null) rmSync(directory, { recursive: true, force: true });
  }
}

function failure(name: string, kind: NonNullable<ScenarioResult['error']>['kind'], message: string): ScenarioResult {
  return { name, ok: false, checks: [], error: { kind, message }, sink: [], batches: [], crashes: 0 };
}

function scenarioTrigger(config: Readonly<Record<string, Json>>): TriggerSetting | undefined {
  const trigger = config['trigger'];
  if (trigger === 'once') return { kind: 'once' };
  if (trigger === 'availableNow') return { kind: 'availableNow' };
  if (typeof trigger === 'string' && /^processing\s*time/i.test(trigger)) {
    // "processingTime" with config.triggerInterval, or "processingTime:10 seconds" / "ProcessingTime(10 seconds)"
    const inline = /[:(]\s*([^)]*)\)?\s*$/.exec(trigger)?.[1];
    const text = inline ?? (typeof config['triggerInterval'] === 'string' ? config['triggerInterval'] : '0 seconds');
    const micros = parseIntervalMicros(text);
    return micros === null || micros <= 0 ? { kind: 'default' } : { kind: 'processingTime', intervalMs: micros / 1000 };
  }
  return undefined;
}

class ScenarioRunner {
  private simulation: Simulation | null = null;
  private readonly sources: ScenarioSources;
  private clockMs = 0;
  private nextTriggerMs = 0;
  private started = false;
  private staticsWritten = false;
  private crashAt: RunScenarioOptions['crashAt'] | undefined;
  private crashes = 0;
  private lastWatermark = 0;
  private readonly checks: CheckResult[] = [];
  // Cursors for "since the previous check"
  private checkSinkRowId = 0;
  private checkProgressId = 0;
  private stateBaselineProgressId = 0;
  private readonly trigger: TriggerSetting | undefined;

  constructor(
    private readonly scenario: Scenario,
    private readonly model: PipelineModel,
    private readonly dbPath: string,
    private readonly options: RunScenarioOptions,
  ) {
    this.crashAt = options.crashAt;
    this.trigger = scenarioTrigger(scenario.config);
    this.sources = createScenarioSources(scenario, model, () => this.clockMs);
  }

  async run(): Promise<ScenarioResult> {
    const steps = this.scenario.steps;
    // Steps before a first `start` happen while the query is stopped
    const firstLifecycle = steps.find((s) => s.step.kind === 'start' || s.step.kind === 'stop' || s.step.kind === 'restart');
    const queryStartsStopped = firstLifecycle?.step.kind === 'start';
    try {
      if (!queryStartsStopped && !this.isOneShotTrigger()) this.start();
      for (const located of steps) this.runStep(located);
    } catch (error) {
      const kind = error instanceof SimulationError ? error.kind : 'internal';
      const message = describeError(error, this.scenario.pipeline);
      return { name: this.scenario.name, ok: false, checks: this.checks, error: { kind, message }, sink: this.finalSink(), batches: this.finalBatches(), crashes: this.crashes };
    }
    return {
      name: this.scenario.name,
      ok: this.checks.every((c) => c.ok),
      checks: this.checks,
      error: null,
      sink: this.finalSink(),
      batches: this.finalBatches(),
      crashes: this.crashes,
    };
  }

  close(): void {
    this.simulation?.stop();
    this.simulation = null;
    if (this.offlineDb !== null && this.offlineDb.open) this.offlineDb.close();
  }

  private isOneShotTrigger(): boolean {
    return this.trigger !== undefined && (this.trigger.kind === 'once' || this.trigger.kind === 'availableNow');
  }

  private simulationOptions(): SimulationOptions {
    const statics: Record<string, Record<string, unknown>[]> = {};
    const config = this.scenario.config['static'];
    if (!this.staticsWritten && config !== null && typeof config === 'object' && !Array.isArray(config)) {
      for (const [name, rows] of Object.entries(config)) if (Array.isArray(rows)) statics[name] = rows as Record<string, unknown>[];
    }
    this.staticsWritten = true;
    const confs: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.scenario.config)) {
      if (key.startsWith('spark.') && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) confs[key] = String(value);
    }
    const base: SimulationOptions = {
      model: this.model,
      dbPath: this.dbPath,
      sources: this.sources.byKey,
      statics,
      confs,
      clock: () => this.clockMs,
      sinkSemantics: this.options.sinkSemantics ?? 'atomic',
      checkpointStore: this.options.checkpointStore ?? 'local',
      sparkVersion: this.options.sparkVersion ?? [3, 5, 0],
    };
    return {
      ...base,
      ...(this.options.sinkKind !== undefined ? { sinkKind: this.options.sinkKind } : {}),
      ...(this.trigger !== undefined ? { trigger: this.trigger } : {}),
      ...(this.crashAt !== undefined ? { crashAt: this.crashAt } : {}),
      ...(this.options.onProgress !== undefined ? { onProgress: this.options.onProgress } : {}),
    };
  }

  private start(): void {
    if (this.simulation !== null) return;
    this.simulation = openSimulation(this.simulationOptions());
    this.started = true;
    this.lastWatermark = this.simulation.watermarkMs;
    // State metrics are summed since the last check or (re)start
    this.stateBaselineProgressId = this.reader().lastProgressId();
  }

  private stop(): void {
    if (this.simulation === null) return;
    this.lastWatermark = this.simulation.watermarkMs;
    this.simulation.stop();
    this.simulation = null;
  }

  /** Runs `action` on the live simulation; a simulated crash restarts the query from the checkpoint and runs it again. */
  private withRecovery(action: (simulation: Simulation) => void): void {
    for (;;) {
      const simulation = this.simulation ?? this.openNow();
      try {
        action(simulation);
        this.lastWatermark = simulation.watermarkMs;
        return;
      } catch (error) {
        if (!(error instanceof SimulatedCrash)) throw error;
        this.crashes++;
        this.crashAt = undefined;
        this.simulation = null;
        this.start();
      }
    }
  }

  private openNow(): Simulation {
    this.start();
    return this.simulation as Simulation;
  }

  private reader(): SimulationReader {
    return new SimulationReader(this.simulation?.db ?? this.readDb());
  }

  private offlineDb: Database.Database | null = null;

  private readDb(): Database.Database {
    if (this.offlineDb === null || !this.offlineDb.open) this.offlineDb = openDatabase(this.dbPath);
    return this.offlineDb;
  }

  /** Runs a change on the database whether the query is running or stopped. */
  private withDb(change: (db: Database.Database) => void): void {
    if (this.simulation !== null) change(this.simulation.db);
    else {
      const db = openDatabase(this.dbPath);
      try {
        change(db);
      } finally {
        db.close();
      }
    }
  }

  private runStep(located: LocatedStep): void {
    const step = located.step;
    switch (step.kind) {
      case 'addData':
        for (const [input, rows] of Object.entries(step.rows)) this.sources.addRows(input, rows);
        return;
      case 'addFiles':
        for (const file of step.files) this.sources.addFile(file.name, file.content);
        return;
      case 'advanceClockSeconds': {
        this.clockMs += step.seconds * 1000;
        // A processing-time trigger fires once when the clock passes its next trigger time (missed triggers are skipped)
        const trigger = this.simulation?.trigger;
        if (trigger !== undefined && trigger.kind === 'processingTime' && this.clockMs >= this.nextTriggerMs) {
          this.nextTriggerMs = (Math.floor(this.clockMs / trigger.intervalMs) + 1) * trigger.intervalMs;
          this.withRecovery((simulation) => simulation.runNextBatch());
        }
        return;
      }
      case 'advanceBatch':
        if (this.isOneShotTrigger()) {
          // Start the query with Trigger.Once/AvailableNow and wait for it to terminate
          this.withRecovery((simulation) => simulation.runTrigger());
          this.stop();
        } else {
          if (this.simulation === null && !this.started) return;
          this.withRecovery((simulation) => simulation.runUntilIdle());
        }
        return;
      case 'stop':
        this.stop();
        return;
      case 'start':
        this.start();
        return;
      case 'restart':
        if (step.clearSink) this.withDb((db) => db.exec('DELETE FROM sink_rows; DELETE FROM sink_writes; DELETE FROM foreach_batch_calls;'));
        this.stop();
        this.start();
        if (step.clearSink) this.checkSinkRowId = 0;
        return;
      case 'deleteLatestCommit':
        this.withDb((db) => db.exec("DELETE FROM commits WHERE batch_id = (SELECT MAX(batch_id) FROM commits)"));
        return;
      case 'deleteAllCommits':
        this.withDb((db) => db.exec('DELETE FROM commits'));
        return;
      case 'setStatic':
        this.withDb((db) => {
          for (const [name, rows] of Object.entries(step.tables)) writeStaticTable(db, name, rows as Record<string, unknown>[]);
        });
        return;
      default:
        this.check(located);
    }
  }

  private record(located: LocatedStep, ok: boolean, message: string): void {
    this.checks.push({ step: located.index + 1, kind: located.step.kind, ok, message, note: located.note });
  }

  private check(located: LocatedStep): void {
    const reader = this.reader();
    const step = located.step;
    const progresses = reader.progress();
    const last = progresses[progresses.length - 1]?.progress ?? null;
    const lastData = [...progresses].reverse().find((p) => p.progress.numInputRows > 0)?.progress ?? null;
    const equalLists = (what: string, expected: readonly number[], actual: readonly number[]) =>
      expected.length === actual.length && expected.every((v, i) => v === actual[i]) ? null : `${what}: expected [${expected.join(', ')}], got [${actual.join(', ')}]`;
    switch (step.kind) {
      case 'checkAnswer': {
        const actual = this.answerRows(reader, step.scope, step.rows);
        const diff = compareRows(step.rows, actual);
        this.record(located, diff.equal, diff.equal ? `${actual.length} row(s) as expected (${step.scope})` : `${step.scope}: ${describeDiff(diff, step.rows.length, actual.length)}`);
        break;
      }
      case 'checkWatermark': {
        const actual = this.simulation?.watermarkMs ?? this.lastWatermark;
        this.record(located, actual === step.ms, `watermark: expected ${step.ms} ms, got ${actual} ms`);
        break;
      }
      case 'checkBatchWatermark': {
        const actual = lastData === null ? null : Date.parse(lastData.eventTime['watermark'] ?? '1970-01-01T00:00:00Z');
        this.record(located, actual === step.ms, `watermark of the last batch with input: expected ${step.ms} ms, got ${actual === null ? 'no batch with input' : `${actual} ms`}`);
        break;
      }
      case 'checkEventTimeStats': {
        const stats = lastData?.eventTime ?? {};
        const seconds = (k: string) => (stats[k] === undefined ? null : Date.parse(stats[k] as string) / 1000);
        const problems: string[] = [];
        for (const [key, expected] of [['min', step.min], ['max', step.max], ['avg', step.avg]] as const) {
          if (expected === null) continue;
          const actual = seconds(key);
          if (actual === null || Math.abs(actual - expected) > 1e-3) problems.push(`${key}: expected ${expected} s, got ${actual ?? 'none'}`);
        }
        this.record(located, problems.length === 0, problems.length === 0 ? 'event-time statistics as expected' : problems.join('; '));
        break;
      }
      case 'checkStateRows': {
        const since = progresses.filter((p) => p.id > this.stateBaselineProgressId).map((p) => p.progress);
        const count = last?.stateOperators.length ?? 0;
        const sum = (field: 'numRowsUpdated' | 'numRowsDroppedByWatermark') =>
          Array.from({ length: count }, (_, i) => since.reduce((total, p) => total + (p.stateOperators[i]?.[field] ?? 0), 0));
        const problems = [
          step.total === null ? null : equalLists('total', step.total, last?.stateOperators.map((o) => o.numRowsTotal) ?? []),
          step.updated === null ? null : equalLists('updated', step.updated, sum('numRowsUpdated')),
          step.droppedByWatermark === null ? null : equalLists('droppedByWatermark', step.droppedByWatermark, sum('numRowsDroppedByWatermark')),
        ].filter((p): p is string => p !== null);
        this.record(located, problems.length === 0, problems.length === 0 ? 'state rows as expected' : problems.join('; '));
        this.stateBaselineProgressId = reader.lastProgressId();
        break;
      }
      case 'checkDroppedByWatermark': {
        const actual = lastData?.stateOperators.map((o) => o.numRowsDroppedByWatermark) ?? [];
        const problem = equalLists('dropped by watermark in the last batch with input', step.lastDataBatch, actual);
        this.record(located, problem === null, problem ?? 'dropped rows as expected');
        break;
      }
      case 'checkCustomMetric': {
        const problems: string[] = [];
        for (const [metric, expected] of Object.entries(step.metrics)) {
          const actual = lastData?.stateOperators.map((o) => o.customMetrics[metric] ?? 0) ?? [];
          // NaN marks operators the check does not look at
          const wrong = expected.some((v, i) => !Number.isNaN(v) && v !== actual[i]);
          if (wrong) problems.push(`${metric}: expected [${expected.map((v) => (Number.isNaN(v) ? '_' : v)).join(', ')}], got [${actual.join(', ')}]`);
        }
        this.record(located, problems.length === 0, problems.length === 0 ? 'custom metrics as expected' : problems.join('; '));
        break;
      }
      case 'checkForeachBatch': {
        const rows = reader.foreachBatchRows(step.batchId);
        if (rows === null) {
          this.record(located, false, `foreachBatch was never called with batch id ${step.batchId}`);
          break;
        }
        const actual = rows.map((values) => this.renderRow(reader, values, step.rows));
        const diff = compareRows(step.rows, actual);
        this.record(located, diff.equal, diff.equal ? `batch ${step.batchId}: ${actual.length} row(s) as expected` : `batch ${step.batchId}: ${describeDiff(diff, step.rows.length, actual.length)}`);
        break;
      }
      case 'checkNumBatchesSinceLastCheck': {
        const actual = progresses.filter((p) => p.id > this.checkProgressId).length;
        this.record(located, actual === step.count, `batches since the previous check: expected ${step.count}, got ${actual}`);
        break;
      }
      default:
        throw new SimulationError('bad-input', `step ${located.index + 1} is not a check`);
    }
    // As in StreamTest, only answer checks move the "new rows" cursor (lastFetchedMemorySinkLastBatchId);
    // any check starts a new count of batches
    if (step.kind === 'checkAnswer') this.checkSinkRowId = reader.lastSinkRowId();
    this.checkProgressId = reader.lastProgressId();
  }

  private answerRows(reader: SimulationReader, scope: 'new' | 'all' | 'complete' | 'lastBatch', expected: readonly JsonRow[]): Record<string, unknown>[] {
    let rows;
    switch (scope) {
      case 'new':
        rows = reader.sinkRows({ afterId: this.checkSinkRowId });
        break;
      case 'all':
        rows = reader.outputMode() === 'complete' ? reader.lastWriteRows() : reader.sinkRows();
        break;
      case 'complete':
      case 'lastBatch':
        rows = reader.lastWriteRows();
        break;
      default: {
        const never: never = scope;
        return never;
      }
    }
    return rows.map((row) => this.renderRow(reader, row.values, expected));
  }

  /** Turns engine values into the scenario's JSON: timestamps as seconds, or as `<name>_ms` when the expected rows use that key. */
  private renderRow(reader: SimulationReader, values: readonly unknown[], expected: readonly JsonRow[]): Record<string, unknown> {
    const schema = reader.sinkSchema();
    const out: Record<string, unknown> = {};
    schema.forEach((column, index) => {
      const value = values[index] ?? null;
      const type = parseDataType(column.type);
      if (type !== null && type.kind === 'atomic' && (type.name === 'timestamp' || type.name === 'date')) {
        const wantsMillis = expected.some((row) => `${column.name}_ms` in row);
        if (wantsMillis) out[`${column.name}_ms`] = typeof value === 'number' ? value / 1000 : null;
        else out[column.name] = typeof value === 'number' ? value / 1_000_000 : null;
        return;
      }
      if (type !== null && type.kind === 'struct' && value !== null && typeof value === 'object') {
        const struct: Record<string, unknown> = {};
        for (const field of type.fields) {
          const v = (value as Record<string, unknown>)[field.name];
          struct[field.name] = field.type.kind === 'atomic' && field.type.name === 'timestamp' && typeof v === 'number' ? v / 1_000_000 : (v ?? null);
        }
        out[column.name] = struct;
        return;
      }
      out[column.name] = value;
    });
    return out;
  }

  private finalBatches(): ScenarioResult['batches'] {
    try {
      return this.reader()
        .batches()
        .map((b) => ({ batchId: b.batchId, numInputRows: b.numInputRows, runId: b.runId }));
    } catch {
      return [];
    }
  }

  private finalSink(): (readonly [number, Readonly<Record<string, unknown>>])[] {
    try {
      const reader = this.reader();
      return reader.sinkRows().map((row) => [row.batchId, this.renderRow(reader, row.values, [])] as const);
    } catch {
      return [];
    }
  }
}

