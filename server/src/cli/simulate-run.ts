// Driving a simulation for the CLI: run the query's trigger on a virtual
// clock for a number of data batches, and for --crash-at, run it clean, run it
// again with the crash, restart from the checkpoint, finish, and compare what
// the two sinks hold.

import { rmSync } from 'node:fs';
import type { SparkVersion } from '../analysis/types';
import type { PipelineModel } from '../model/pipeline';
import type { StreamingQueryProgress } from '../../../simulator/src/engine/progress';
import { SimulationReader } from '../../../simulator/src/engine/read-api';
import { openSimulation, SimulatedCrash, type CrashPhase, type Simulation, type SinkKind, type SinkSemantics } from '../../../simulator/src/engine/simulation';
import { SimulationError } from '../../../simulator/src/engine/simulation-error';
import type { ColumnType, Row, SimSource } from '../../../simulator/src/engine/source';
import { MalformedRecordError } from '../../../simulator/src/io/record-parser';
import type { BatchSummary } from './simulate-report';

/** The processing-time clock every source and the engine share, in milliseconds. */
export class VirtualClock {
  private current: number;

  constructor(private readonly start: number) {
    this.current = start;
  }

  readonly now = (): number => this.current;

  advance(millis: number): void {
    this.current += millis;
  }

  reset(): void {
    this.current = this.start;
  }
}

export interface SimulationPlan {
  readonly model: PipelineModel;
  readonly queryIndex: number;
  readonly sources: Readonly<Record<string, SimSource>>;
  readonly statics: Readonly<Record<string, readonly Row[]>>;
  readonly staticSchemas: Readonly<Record<string, readonly ColumnType[]>>;
  readonly sparkVersion: SparkVersion;
  readonly sinkSemantics: SinkSemantics;
  readonly sinkKind: SinkKind;
  /** Data batches to run; null: until the sources have nothing new. */
  readonly dataBatches: number | null;
  readonly clock: VirtualClock;
  /** Rows per batch for row-counted sources; the engine passes a limit then, and asks for everything only under Trigger.Once. */
  readonly rowsPerBatch: number;
  /** For a scenario: each step adds its rows, then the query runs until idle. */
  readonly steps: readonly (() => void)[] | null;
}

export interface CrashRequest {
  readonly phase: CrashPhase;
  readonly batchId: number;
}

export interface RunHooks {
  readonly onProgress: (summary: BatchSummary, json: string) => void;
}

export type RunOutcome =
  | { readonly kind: 'finished'; readonly batches: readonly BatchSummary[]; readonly crash: string | null }
  | { readonly kind: 'failed'; readonly error: unknown; readonly code: 'input' | 'query'; readonly batches: readonly BatchSummary[] };

export function runSimulation(plan: SimulationPlan, database: string, crash: CrashRequest | null, hooks: RunHooks): RunOutcome {
  if (crash === null) {
    const batches: BatchSummary[] = [];
    try {
      runOnce(plan, database, null, batches, hooks, new Set());
    } catch (error) {
      return failure(error, batches);
    }
    return { kind: 'finished', batches, crash: null };
  }
  // The clean run first, into a file beside the requested one, with the same inputs
  const cleanDatabase = cleanRunDatabase(database);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${cleanDatabase}${suffix}`, { force: true });
  try {
    plan.clock.reset();
    runOnce(plan, cleanDatabase, null, [], { onProgress: () => undefined }, new Set());
  } catch (error) {
    return failure(error, []);
  }
  plan.clock.reset();
  const batches: BatchSummary[] = [];
  const dataBatchIds = new Set<number>();
  let crashed: SimulatedCrash | null = null;
  try {
    runOnce(plan, database, crash, batches, hooks, dataBatchIds);
  } catch (error) {
    if (!(error instanceof SimulatedCrash)) return failure(error, batches);
    crashed = error;
    try {
      // The restart: the same checkpoint, the same inputs, no crash this time
      runOnce(plan, database, null, batches, hooks, dataBatchIds);
    } catch (restartError) {
      return failure(restartError, batches);
    }
  }
  return { kind: 'finished', batches, crash: compareRuns(cleanDatabase, database, crash, crashed, plan) };
}

/** Where the clean run of a crash comparison goes: beside the requested file, `out.sqlite` → `out.clean.sqlite`. */
export function cleanRunDatabase(database: string): string {
  return database.endsWith('.sqlite') ? `${database.slice(0, -'.sqlite'.length)}.clean.sqlite` : `${database}.clean.sqlite`;
}

function runOnce(plan: SimulationPlan, database: string, crash: CrashRequest | null, batches: BatchSummary[], hooks: RunHooks, dataBatchIds: Set<number>): void {
  let simulation: Simulation | null = null;
  simulation = openSimulation({
    model: plan.model,
    queryIndex: plan.queryIndex,
    dbPath: database,
    sources: plan.sources,
    statics: plan.statics,
    staticSchemas: plan.staticSchemas,
    sparkVersion: plan.sparkVersion,
    sinkSemantics: plan.sinkSemantics,
    sinkKind: plan.sinkKind,
    clock: plan.clock.now,
    rowsPerBatch: plan.rowsPerBatch,
    ...(crash === null ? {} : { crashAt: { phase: crash.phase, batchId: crash.batchId } }),
    onProgress: (progress, json) => {
      if (progress.numInputRows > 0) dataBatchIds.add(progress.batchId);
      const summary = summarise(progress, simulation);
      batches.push(summary);
      hooks.onProgress(summary, json);
    },
  });
  try {
    drive(simulation, plan, dataBatchIds);
  } finally {
    simulation.stop();
  }
}

/** Runs the query's trigger: Once and AvailableNow as Spark does; otherwise batch after batch, the clock moving one trigger interval each time. */
function drive(simulation: Simulation, plan: SimulationPlan, dataBatchIds: Set<number>): void {
  const trigger = simulation.trigger;
  if (plan.steps !== null) {
    for (const step of plan.steps) {
      step();
      plan.clock.advance(1000);
      simulation.runTrigger();
    }
    return;
  }
  if (trigger.kind === 'once' || trigger.kind === 'availableNow') {
    plan.clock.advance(1000);
    simulation.runTrigger();
    return;
  }
  const interval = trigger.kind === 'processingTime' ? trigger.intervalMs : 1000;
  let idle = 0;
  while (plan.dataBatches === null || dataBatchIds.size < plan.dataBatches) {
    plan.clock.advance(interval);
    if (simulation.runNextBatch()) idle = 0;
    else if (++idle >= 2) break;
  }
  // Let the last data batch's watermark close what it can, as a running query would on its next trigger
  if (plan.dataBatches !== null && dataBatchIds.size >= plan.dataBatches) return;
}

function summarise(progress: StreamingQueryProgress, simulation: Simulation | null): BatchSummary {
  const watermark = progress.eventTime['watermark'];
  let corrupt = 0;
  if (simulation !== null && !simulation.isClosed) {
    corrupt = (simulation.db.prepare('SELECT COUNT(*) AS count FROM corrupt_records WHERE batch_id = ?').get(progress.batchId) as { count: number }).count;
  }
  return {
    batchId: progress.batchId,
    inputRows: progress.numInputRows,
    outputRows: progress.sink.numOutputRows,
    stateRows: progress.stateOperators.reduce((sum, operator) => sum + operator.numRowsTotal, 0),
    watermarkMs: watermark === undefined ? null : Date.parse(watermark),
    droppedLateRows: progress.stateOperators.reduce((sum, operator) => sum + operator.numRowsDroppedByWatermark, 0),
    corruptRecords: corrupt,
  };
}

function failure(error: unknown, batches: readonly BatchSummary[]): RunOutcome {
  const input = error instanceof SimulationError && error.kind === 'bad-input';
  return { kind: 'failed', error: error instanceof MalformedRecordError ? new Error(error.message) : error, code: input ? 'input' : 'query', batches };
}

/** What the crash did: rows the crashed run's sink holds more or fewer times than the clean run's. */
function compareRuns(cleanDatabase: string, database: string, crash: CrashRequest, crashed: SimulatedCrash | null, plan: SimulationPlan): string {
  const clean = SimulationReader.open(cleanDatabase);
  const restarted = SimulationReader.open(database);
  try {
    const complete = clean.outputMode() === 'complete';
    const rowsOf = (reader: SimulationReader): string[] => (complete ? reader.lastWriteRows() : reader.sinkRows()).map((row) => JSON.stringify(row.values));
    const cleanRows = rowsOf(clean);
    const crashRows = rowsOf(restarted);
    const counts = new Map<string, number>();
    for (const row of cleanRows) counts.set(row, (counts.get(row) ?? 0) + 1);
    for (const row of crashRows) counts.set(row, (counts.get(row) ?? 0) - 1);
    let duplicates = 0;
    let lost = 0;
    for (const difference of counts.values()) {
      if (difference < 0) duplicates -= difference;
      else lost += difference;
    }
    const setting = `${plan.sinkSemantics} sink semantics, ${plan.sinkKind === 'memory' ? 'idempotent sink (skips batch ids it already has)' : plan.sinkKind === 'foreachBatch' ? 'foreachBatch sink (at least once)' : 'append-only sink (at least once)'}`;
    if (crashed === null) {
      return `crash: the run never reached ${crash.phase} of batch ${crash.batchId} (${setting}); nothing to compare`;
    }
    const rerun = restarted.offsets().some((entry) => entry.batchId === crashed.batchId) && restarted.commits().filter((entry) => entry.batchId === crashed.batchId).length > 0;
    const replays = (restarted.db.prepare('SELECT COUNT(*) AS count FROM sink_writes WHERE batch_id = ?').get(crashed.batchId) as { count: number }).count;
    const what =
      crash.phase === 'after-commit'
        ? `batch ${crashed.batchId} was committed before the crash, so the restart went on with batch ${crashed.batchId + 1}`
        : `the restart re-ran batch ${crashed.batchId} from the offsets log${replays > 1 ? ` (the sink was called ${replays} times for it)` : ''}`;
    const verdict =
      duplicates === 0 && lost === 0
        ? 'the sink holds exactly the rows of a clean run'
        : `the sink holds ${duplicates} duplicate ${duplicates === 1 ? 'row' : 'rows'} and lost ${lost} ${lost === 1 ? 'row' : 'rows'} compared with a clean run`;
    return `crash at ${crash.phase} of batch ${crashed.batchId} (${setting}): ${what}${rerun ? '' : ''}; ${verdict} (clean run: ${cleanRows.length} rows, crashed run: ${crashRows.length} rows; the clean run is in ${cleanDatabase})`;
  } finally {
    clean.close();
    restarted.close();
  }
}
