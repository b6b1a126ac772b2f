// The micro-batch loop (Spark's MicroBatchExecution) over one SQLite file.
//
// Per batch: plan (latest offsets under the read limit; the batch watermark is
// the tracker's current value, the batch timestamp the injected clock), write
// the offsets entry, run the plan, then write the sink rows, the state deltas,
// the progress and the commit entry (with the watermark for the next batch).
// `atomic` sink semantics write sink and commit in one transaction; the
// `spark-faithful` semantics use two, so a crash between them re-runs the
// batch on restart and a non-idempotent sink sees its rows twice. Crashes are
// injected at named phases: the process "dies" (SimulatedCrash) and the
// database is closed without committing the open transaction.

import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { PipelineModel, PlanNode } from '../../../server/src/model/pipeline';
import type { SparkVersion } from '../../../server/src/analysis/types';
import { type CheckpointStore, CheckpointFiles, entryName, openDatabase, readMeta, writeMeta } from './checkpoint';
import { compilePlan, type CompiledPlan, describeSource, type SourceBinding, sourceKeyOf } from './compile-plan';
import type { BatchContext } from './executor';
import { parseIntervalMicros } from './interval';
import { buildProgress, type StreamingQueryProgress } from './progress';
import type { Row } from './schema';
import { SimulationError } from './simulation-error';
import type { ColumnType, ReadLimit, SimSource } from './source';
import { readStaticTable, staticSchema, writeStaticTable } from './static-tables';
import { type StateDelta } from './state-map';
import { parsePolicy, WatermarkTracker } from './watermark-tracker';

export type CrashPhase = 'mid-offsets-write' | 'after-offsets' | 'mid-sink-write' | 'after-sink-before-commit' | 'after-commit' | 'mid-state-snapshot';

export const crashPhases: readonly CrashPhase[] = ['after-offsets', 'mid-sink-write', 'after-sink-before-commit', 'after-commit'];

export class SimulatedCrash extends Error {
  constructor(
    readonly phase: CrashPhase,
    readonly batchId: number,
  ) {
    super(`simulated crash at ${phase} of batch ${batchId}`);
    this.name = 'SimulatedCrash';
  }
}

export type SinkSemantics = 'atomic' | 'spark-faithful';

/** `memory`: idempotent, skips batch ids it already holds (Spark's MemorySink); `append-only`: inserts every write (a plain JDBC insert); `foreachBatch`: records what the function received, at least once. */
export type SinkKind = 'memory' | 'append-only' | 'foreachBatch';

export type TriggerSetting =
  | { readonly kind: 'default' }
  | { readonly kind: 'processingTime'; readonly intervalMs: number }
  | { readonly kind: 'once' }
  | { readonly kind: 'availableNow' };

export interface SimulationOptions {
  readonly model: PipelineModel;
  /** Which `writeStream...start()` of the file (0-based). */
  readonly queryIndex?: number;
  readonly dbPath: string;
  /** Inputs by source key: the table name (`events`), path, or format (`rate`) of each streaming source. */
  readonly sources: Readonly<Record<string, SimSource>>;
  /** Rows of static DataFrames by variable (or table) name; written to `static_<name>` tables when given. */
  readonly statics?: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  /** Column types of `statics` by name (inferred from the rows when absent), so timestamp and date columns keep their type. */
  readonly staticSchemas?: Readonly<Record<string, readonly ColumnType[]>>;
  readonly sparkVersion?: SparkVersion;
  /** Session confs that override the file's own `spark.conf.set(...)`. */
  readonly confs?: Readonly<Record<string, string>>;
  readonly sinkSemantics?: SinkSemantics;
  readonly sinkKind?: SinkKind;
  readonly checkpointStore?: CheckpointStore;
  /** Processing time in ms (virtual in tests). */
  readonly clock?: () => number;
  readonly crashAt?: { readonly phase: CrashPhase; readonly batchId?: number };
  readonly onProgress?: (progress: StreamingQueryProgress, json: string) => void;
  /** Overrides the writer's trigger. */
  readonly trigger?: TriggerSetting;
  /** Caps rows per batch for every row-counted source (the rows-per-batch option). */
  readonly rowsPerBatch?: number;
  /** State snapshot every N versions (Spark's minDeltasForSnapshot, default 10). */
  readonly snapshotInterval?: number;
  readonly queryId?: string;
  readonly runId?: string;
}

interface OffsetEntry {
  readonly batchId: number;
  readonly sources: Record<string, number>;
  readonly batchWatermarkMs: number;
  readonly batchTimestampMs: number;
  readonly conf: Record<string, string>;
}

export const defaultSparkVersion: SparkVersion = [3, 5, 0];

export function openSimulation(options: SimulationOptions): Simulation {
  return new Simulation(options);
}

function effectiveConfs(model: PipelineModel, overrides: Readonly<Record<string, string>>): Map<string, string> {
  const confs = new Map<string, string>();
  for (const conf of model.confs) {
    const value = conf.value.value;
    if (value.kind === 'string') confs.set(conf.key, value.value);
    else if (value.kind === 'number') confs.set(conf.key, String(value.value));
    else if (value.kind === 'boolean') confs.set(conf.key, value.value ? 'true' : 'false');
  }
  for (const [key, value] of Object.entries(overrides)) confs.set(key, value);
  return confs;
}

function writerTrigger(model: PipelineModel, queryIndex: number): TriggerSetting {
  const trigger = model.writers[queryIndex]?.trigger;
  if (trigger === null || trigger === undefined) return { kind: 'default' };
  switch (trigger.kind) {
    case 'once':
      return { kind: 'once' };
    case 'availableNow':
      return { kind: 'availableNow' };
    case 'processingTime': {
      const value = trigger.interval?.value;
      const micros = value !== undefined && value.kind === 'string' ? parseIntervalMicros(value.value) : null;
      return micros === null || micros <= 0 ? { kind: 'default' } : { kind: 'processingTime', intervalMs: micros / 1000 };
    }
    case 'continuous':
    case 'realTime':
      throw new SimulationError('unsupported', `a ${trigger.kind} trigger is not supported by the simulator (it runs micro-batches)`, trigger.span);
    case 'default':
    case 'unknown':
      return { kind: 'default' };
    default: {
      const never: never = trigger.kind;
      return never;
    }
  }
}

function optionText(node: Extract<PlanNode, { kind: 'source' }>, key: string): string | null {
  const option = [...node.source.options].reverse().find((o) => o.key.toLowerCase() === key.toLowerCase());
  if (option === undefined) return null;
  const value = option.value.value;
  return value.kind === 'string' ? value.value : value.kind === 'number' ? String(value.value) : null;
}

export class Simulation {
  readonly db: Database.Database;
  readonly plan: CompiledPlan;
  readonly queryId: string;
  readonly runId: string;
  readonly trigger: TriggerSetting;
  private readonly files: CheckpointFiles;
  private readonly tracker: WatermarkTracker;
  private readonly clock: () => number;
  private readonly semantics: SinkSemantics;
  private readonly sinkKind: SinkKind;
  private readonly confs: Map<string, string>;
  private readonly sparkVersion: SparkVersion;
  private readonly snapshotInterval: number;
  private readonly statements: Record<string, Database.Statement>;
  private nextBatchId = 0;
  private committed = new Map<string, number>();
  private pending: OffsetEntry | null = null;
  private lastExecutedWatermarkMs: number | null = null;
  private previousBatchWatermarkMs: number | null = null;
  private closed = false;
  private lastProgressValue: StreamingQueryProgress | null = null;
  private lastTriggerMs: number | null = null;

  constructor(private readonly options: SimulationOptions) {
    this.db = openDatabase(options.dbPath);
    try {
      this.clock = options.clock ?? (() => 0);
      this.semantics = options.sinkSemantics ?? 'atomic';
      const queryIndex = options.queryIndex ?? 0;
      const writer = options.model.writers[queryIndex];
      this.sinkKind = options.sinkKind ?? (writer?.foreachBatch !== null && writer?.foreachBatch !== undefined ? 'foreachBatch' : 'memory');
      this.sparkVersion = options.sparkVersion ?? defaultSparkVersion;
      this.snapshotInterval = Math.max(1, options.snapshotInterval ?? 10);
      this.confs = effectiveConfs(options.model, options.confs ?? {});
      this.trigger = options.trigger ?? writerTrigger(options.model, queryIndex);
      this.files = new CheckpointFiles(this.db, this.recordStore(options.checkpointStore ?? 'local'));
      this.queryId = this.recordMeta('queryId', options.queryId ?? cryptoId());
      this.runId = options.runId ?? cryptoId();
      // The policy is fixed by the first run; a restart uses the checkpoint's value over the session's
      const policy = parsePolicy(this.recordMeta('multipleWatermarkPolicy', this.confs.get('spark.sql.streaming.multipleWatermarkPolicy') ?? 'min'));
      for (const [name, rows] of Object.entries(options.statics ?? {})) writeStaticTable(this.db, name, rows, options.staticSchemas?.[name]);
      this.plan = compilePlan({
        model: options.model,
        queryIndex,
        sparkVersion: this.sparkVersion,
        confs: this.confs,
        batchTimestamp: () => this.currentBatchTimestampUs,
        bindSource: (node) => this.bindSource(node),
        bindStatic: (_node, names) => {
          for (const name of names) {
            const columns = staticSchema(this.db, name);
            if (columns !== null) return { name, schema: columns, load: () => readStaticTable(this.db, name, columns) };
          }
          return null;
        },
      });
      writeMeta(this.db, 'sinkSchema', JSON.stringify(this.plan.schema.map((c) => ({ name: c.name, type: typeNameOf(c.type) }))));
      writeMeta(this.db, 'outputMode', this.plan.outputMode);
      this.statements = {
        insertSink: this.db.prepare('INSERT INTO sink_rows (batch_id, row) VALUES (?, ?)'),
        insertSinkWrite: this.db.prepare('INSERT INTO sink_writes (batch_id, run_id, num_rows, skipped, first_row_id, last_row_id) VALUES (?, ?, ?, ?, ?, ?)'),
        lastSinkBatch: this.db.prepare('SELECT MAX(batch_id) AS id FROM sink_writes WHERE skipped = 0'),
        insertForeach: this.db.prepare('INSERT INTO foreach_batch_calls (batch_id, run_id, rows) VALUES (?, ?, ?)'),
        insertProgress: this.db.prepare(
          'INSERT INTO progress (batch_id, run_id, timestamp_ms, num_input_rows, num_output_rows, watermark_ms, state_rows_total, dropped_by_watermark, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ),
        insertCorrupt: this.db.prepare('INSERT INTO corrupt_records (batch_id, source, file, line, raw, error) VALUES (?, ?, ?, ?, ?, ?)'),
        offsetEntry: this.db.prepare("SELECT content FROM offsets WHERE name = ?"),
      };
      const recovered = this.recover();
      this.tracker = new WatermarkTracker(policy, recovered);
      for (const staticExecutor of this.plan.statics) staticExecutor.materialise();
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  private currentBatchTimestampUs = 0;
  /** The memory sink's last stored batch id (undefined until read from the file). */
  private lastSinkBatch: number | null | undefined = undefined;

  private recordStore(store: CheckpointStore): CheckpointStore {
    const recorded = readMeta(this.db, 'checkpointStore');
    if (recorded === null) writeMeta(this.db, 'checkpointStore', store);
    return store;
  }

  private recordMeta(key: string, value: string): string {
    const recorded = readMeta(this.db, key);
    if (recorded !== null) return recorded;
    writeMeta(this.db, key, value);
    return value;
  }

  private bindSource(node: Extract<PlanNode, { kind: 'source' }>): SourceBinding | null {
    const key = sourceKeyOf(node);
    let source = this.options.sources[key];
    let boundKey = key;
    if (source === undefined) {
      const entries = Object.entries(this.options.sources);
      const streamingSources = this.options.model.nodes.filter((n) => n.kind === 'source' && n.streaming === 'streaming');
      if (entries.length === 1 && streamingSources.length === 1) {
        [boundKey, source] = entries[0] as [string, SimSource];
      }
    }
    if (source === undefined) return null;
    let limit: ReadLimit = { kind: 'all' };
    const maxFiles = optionText(node, 'maxFilesPerTrigger');
    const maxOffsets = optionText(node, 'maxOffsetsPerTrigger');
    const positive = (text: string, name: string) => {
      if (!/^\s*\d+\s*$/.test(text) || Number(text) <= 0) {
        throw new SimulationError('analysis', `Invalid value '${text}' for option '${name}', must be a positive integer`, node.span);
      }
      return Number(text);
    };
    if (maxFiles !== null) limit = { kind: 'maxFiles', files: positive(maxFiles, 'maxFilesPerTrigger') };
    else if (maxOffsets !== null) limit = { kind: 'maxRows', rows: positive(maxOffsets, 'maxOffsetsPerTrigger') };
    else if (this.options.rowsPerBatch !== undefined) limit = { kind: 'maxRows', rows: this.options.rowsPerBatch };
    return { key: boundKey, schema: source.schema, source, limit, description: describeSource(node) };
  }

  /** Loads the checkpoint: the batch to run next, committed offsets, state; returns the recovered global watermark. */
  private recover(): number {
    const offsets = this.db.prepare("SELECT batch_id AS id, content FROM offsets WHERE name NOT LIKE '%.tmp' ORDER BY batch_id DESC LIMIT 1").get() as
      | { id: number; content: string }
      | undefined;
    if (offsets === undefined) return 0;
    const latest = this.parseOffsets(offsets.id, offsets.content);
    const commit = this.db.prepare("SELECT batch_id AS id, content FROM commits WHERE name NOT LIKE '%.tmp' ORDER BY batch_id DESC LIMIT 1").get() as
      | { id: number; content: string }
      | undefined;
    let watermark = latest.batchWatermarkMs;
    const previous = latest.batchId > 0 ? this.readOffsets(latest.batchId - 1) : null;
    this.committed = new Map(Object.entries(previous?.sources ?? {}));
    this.previousBatchWatermarkMs = previous?.batchWatermarkMs ?? null;
    if (commit !== undefined && commit.id === latest.batchId) {
      let parsed: { nextBatchWatermarkMs?: number };
      try {
        parsed = JSON.parse(commit.content) as { nextBatchWatermarkMs?: number };
      } catch (error) {
        throw new SimulationError('corrupt-checkpoint', `The commit log entry commits/${commit.id} is partial or corrupt (${(error as Error).message})`);
      }
      watermark = parsed.nextBatchWatermarkMs ?? watermark;
      this.committed = new Map(Object.entries(latest.sources));
      this.nextBatchId = latest.batchId + 1;
      this.previousBatchWatermarkMs = latest.batchWatermarkMs;
    } else {
      // Offsets without a commit: re-run that batch with the same offsets, watermark and timestamp
      this.pending = latest;
      this.nextBatchId = latest.batchId;
    }
    this.loadState(this.nextBatchId);
    return watermark;
  }

  private readOffsets(batchId: number): OffsetEntry | null {
    const row = this.statements['offsetEntry']?.get(entryName('offsets', batchId)) as { content: string } | undefined;
    return row === undefined ? null : this.parseOffsets(batchId, row.content);
  }

  private parseOffsets(batchId: number, content: string): OffsetEntry {
    try {
      const parsed = JSON.parse(content) as OffsetEntry;
      return { ...parsed, batchId };
    } catch (error) {
      throw new SimulationError(
        'corrupt-checkpoint',
        `The offsets log entry offsets/${batchId} is partial or corrupt (${(error as Error).message}): on the '${this.files.store}' checkpoint store a write is not atomic, so a crash while it was written left half an entry under its final name. Spark fails the same way on a checkpoint store without atomic rename`,
      );
    }
  }

  /** State version V is the state after batch V-1: the newest snapshot at or below V, then the deltas after it. */
  private loadState(version: number): void {
    this.plan.operators.forEach((operator, index) => {
      operator.state.clear();
      if (version === 0) return;
      const snapshot = this.db
        .prepare("SELECT version, name, content FROM state_files WHERE operator = ? AND kind = 'snapshot' AND version <= ? AND name NOT LIKE '%.tmp' ORDER BY version DESC LIMIT 1")
        .get(index, version) as { version: number; name: string; content: string } | undefined;
      let from = 0;
      if (snapshot !== undefined) {
        operator.state.apply(this.parseState(snapshot.content, snapshot.name, index, version, 'snapshot'));
        from = snapshot.version;
      }
      const deltas = this.db
        .prepare("SELECT version, name, content FROM state_files WHERE operator = ? AND kind = 'delta' AND version > ? AND version <= ? AND name NOT LIKE '%.tmp' ORDER BY version")
        .all(index, from, version) as { version: number; name: string; content: string }[];
      let expected = from + 1;
      for (const delta of deltas) {
        if (delta.version !== expected) break;
        operator.state.apply(this.parseState(delta.content, delta.name, index, version, 'delta'));
        expected++;
      }
      if (expected <= version && deltas.length > 0) {
        throw new SimulationError('corrupt-checkpoint', `Cannot load state of operator ${index} at version ${version}: state/${index}/${expected}.delta does not exist`);
      }
      operator.state.discardChanges();
      operator.afterRestore();
    });
  }

  private parseState(content: string, name: string, operator: number, version: number, kind: string): StateDelta {
    try {
      return JSON.parse(content) as StateDelta;
    } catch (error) {
      const operatorName = this.plan.operators[operator]?.operatorName ?? 'operator';
      throw new SimulationError(
        'corrupt-checkpoint',
        `Cannot load state of operator ${operator} (${operatorName}) at version ${version}: the ${kind} file state/${name} is partial or corrupt (${(error as Error).message}). ` +
          `This is SPARK-21696: the checkpoint store '${this.files.store}' has no atomic rename, so a crash while the ${kind} was written left a partial file under its final name, and every restart now fails. ` +
          'Spark 2.2.1 fixed its own writes by writing to a temporary file and renaming it; keep checkpoints on a store with atomic rename (HDFS, a local or NFS disk) or use a checkpoint manager made for object stores',
      );
    }
  }

  /** The global watermark now: the one the next batch runs with. */
  get watermarkMs(): number {
    return this.tracker.currentMs;
  }

  get batchId(): number {
    return this.nextBatchId;
  }

  get lastProgress(): StreamingQueryProgress | null {
    return this.lastProgressValue;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Replaces a static table's rows (visible to the next batch unless the DataFrame is cached). */
  setStaticRows(name: string, rows: readonly Record<string, unknown>[]): void {
    this.assertOpen();
    writeStaticTable(this.db, name, rows, staticSchema(this.db, name) ?? undefined);
  }

  /** Runs at most one batch under the default trigger rules; false when there was nothing to do. */
  runNextBatch(): boolean {
    return this.step({ ignoreLimits: false, noDataBatches: this.noDataBatchesEnabled(), targets: null });
  }

  runBatches(count: number): number {
    let ran = 0;
    while (ran < count && this.runNextBatch()) ran++;
    return ran;
  }

  /** processAllAvailable: every data batch, then every no-data batch the engine would run, until idle. */
  runUntilIdle(limit = 100_000): number {
    let ran = 0;
    while (this.runNextBatch()) {
      ran++;
      if (ran >= limit) throw new SimulationError('bad-input', `the query did not become idle after ${limit} batches`);
    }
    return ran;
  }

  /** Runs the query's trigger: Once runs one batch and no no-data batch; AvailableNow runs what is available now, no-data batches included; otherwise until idle. */
  runTrigger(): number {
    switch (this.trigger.kind) {
      case 'once':
        return this.step({ ignoreLimits: true, noDataBatches: false, targets: null }) ? 1 : 0;
      case 'availableNow': {
        const targets = new Map<string, number>();
        for (const binding of this.plan.sources) targets.set(binding.key, binding.source.latestOffset(this.committed.get(binding.key) ?? 0, { kind: 'all' }));
        let ran = 0;
        while (this.step({ ignoreLimits: false, noDataBatches: this.noDataBatchesEnabled(), targets })) ran++;
        return ran;
      }
      case 'default':
      case 'processingTime':
        return this.runUntilIdle();
      default: {
        const never: never = this.trigger;
        return never;
      }
    }
  }

  stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private noDataBatchesEnabled(): boolean {
    return (this.confs.get('spark.sql.streaming.noDataMicroBatches.enabled') ?? 'true').toLowerCase() === 'true';
  }

  private assertOpen(): void {
    if (this.closed) throw new SimulationError('bad-input', 'the simulation is stopped (or crashed); open it again to restart from the checkpoint');
  }

  private batchTimestamp(): number {
    const now = this.clock();
    if (this.trigger.kind === 'processingTime') return Math.floor(now / this.trigger.intervalMs) * this.trigger.intervalMs;
    return now;
  }

  private step(mode: { ignoreLimits: boolean; noDataBatches: boolean; targets: ReadonlyMap<string, number> | null }): boolean {
    this.assertOpen();
    let entry: OffsetEntry;
    const started = this.clock();
    if (this.pending !== null) {
      entry = this.pending;
    } else {
      const ends: Record<string, number> = {};
      let hasData = false;
      for (const binding of this.plan.sources) {
        const committed = this.committed.get(binding.key) ?? 0;
        let end = binding.source.latestOffset(committed, mode.ignoreLimits ? { kind: 'all' } : binding.limit);
        const target = mode.targets?.get(binding.key);
        if (target !== undefined) end = Math.min(end, target);
        end = Math.max(end, committed);
        ends[binding.key] = end;
        if (end > committed) hasData = true;
      }
      const watermark = this.tracker.currentMs;
      const noDataBatch =
        !hasData &&
        mode.noDataBatches &&
        this.plan.outputMode !== 'complete' &&
        this.lastExecutedWatermarkMs !== null &&
        this.plan.operators.some((op) => op.usesWatermark) &&
        watermark > this.lastExecutedWatermarkMs;
      if (!hasData && !noDataBatch) return false;
      const conf: Record<string, string> = {};
      for (const key of ['spark.sql.streaming.multipleWatermarkPolicy', 'spark.sql.shuffle.partitions', 'spark.sql.streaming.statefulOperator.allowMultiple']) {
        const value = this.confs.get(key);
        if (value !== undefined) conf[key] = value;
      }
      conf['spark.sql.streaming.multipleWatermarkPolicy'] = this.tracker.policy;
      entry = { batchId: this.nextBatchId, sources: ends, batchWatermarkMs: watermark, batchTimestampMs: this.batchTimestamp(), conf };
      const content = JSON.stringify({ batchWatermarkMs: entry.batchWatermarkMs, batchTimestampMs: entry.batchTimestampMs, conf, sources: ends });
      // Local/HDFS: temporary name + rename in one transaction; S3: a plain PUT, visible as it is written
      const renames = this.files.store !== 's3';
      try {
        if (renames) this.db.exec('BEGIN');
        this.files.write('offsets', entryName('offsets', entry.batchId), { batch: entry.batchId }, content, this.crashHook('mid-offsets-write', entry.batchId), false);
        if (renames) this.db.exec('COMMIT');
      } catch (error) {
        this.die(error);
      }
      this.crashPoint('after-offsets', entry.batchId);
    }
    this.runBatch(entry, started);
    return true;
  }

  private crashHook(phase: CrashPhase, batchId: number): (() => never) | null {
    const crash = this.options.crashAt;
    if (crash === undefined || crash.phase !== phase || (crash.batchId !== undefined && crash.batchId !== batchId)) return null;
    return () => {
      throw new SimulatedCrash(phase, batchId);
    };
  }

  private crashPoint(phase: CrashPhase, batchId: number): void {
    const hook = this.crashHook(phase, batchId);
    if (hook !== null) {
      try {
        hook();
      } catch (error) {
        this.die(error);
      }
    }
  }

  /** A crash or a failure: the process is gone; an open transaction is never committed. */
  private die(error: unknown): never {
    if (!this.closed) {
      this.closed = true;
      this.db.close();
    }
    throw error;
  }

  private runBatch(entry: OffsetEntry, started: number): void {
    const batchId = entry.batchId;
    const inputs = new Map<string, Row[]>();
    const sourceProgress: { binding: SourceBinding; start: number; end: number; rows: number; corrupt: number }[] = [];
    const corrupt: { source: string; file: string | null; line: number | null; raw: string; error: string }[] = [];
    let numInputRows = 0;
    try {
      for (const binding of this.plan.sources) {
        const start = this.committed.get(binding.key) ?? 0;
        const end = entry.sources[binding.key] ?? start;
        let rows: Row[] = [];
        const corruptBefore = corrupt.length;
        if (end > start) {
          const names = binding.schema.map((c) => c.name);
          const width = names.length;
          const objects = binding.source.getBatch(start, end);
          rows = new Array(objects.length);
          for (let i = 0; i < objects.length; i++) {
            const object = objects[i] as Record<string, unknown>;
            const row: Row = new Array(width);
            for (let c = 0; c < width; c++) row[c] = object[names[c] as string] ?? null;
            rows[i] = row;
          }
          corrupt.push(...binding.source.corruptRecords(start, end));
        }
        numInputRows += rows.length;
        inputs.set(binding.key, rows);
        sourceProgress.push({ binding, start, end, rows: rows.length, corrupt: corrupt.length - corruptBefore });
      }
      const afterGetBatch = this.clock();
      const allowMultiple = (this.confs.get('spark.sql.streaming.statefulOperator.allowMultiple') ?? 'true') === 'true';
      const separateLate = allowMultiple && (this.sparkVersion[0] > 3 || (this.sparkVersion[0] === 3 && this.sparkVersion[1] >= 4));
      const context: BatchContext = {
        batchId,
        timestampUs: entry.batchTimestampMs * 1000,
        lateWatermarkMs: separateLate ? (this.previousBatchWatermarkMs ?? entry.batchWatermarkMs) : entry.batchWatermarkMs,
        evictionWatermarkMs: entry.batchWatermarkMs,
        noData: numInputRows === 0,
        inputs,
      };
      this.currentBatchTimestampUs = context.timestampUs;
      for (const watermark of this.plan.watermarks) watermark.reset();
      for (const operator of this.plan.operators) operator.resetMetrics();
      const output = this.plan.root.execute(context);
      const afterExecute = this.clock();
      this.tracker.update(this.plan.watermarks);
      const deltas = this.plan.operators.map((operator) => JSON.stringify(operator.state.takeDelta()));
      const progress = buildProgress({
        queryId: this.queryId,
        runId: this.runId,
        name: queryName(this.options.model, this.options.queryIndex ?? 0),
        batchId,
        batchTimestampMs: entry.batchTimestampMs,
        batchWatermarkMs: entry.batchWatermarkMs,
        numInputRows,
        numOutputRows: output.length,
        durations: { latestOffset: 0, getBatch: afterGetBatch - started, addBatch: afterExecute - afterGetBatch, queryPlanning: 0, walCommit: 0, triggerExecution: afterExecute - started },
        sinceLastTriggerMs: this.lastTriggerMs === null ? 0 : started - this.lastTriggerMs,
        watermarks: this.plan.watermarks,
        operators: [...this.plan.operators].reverse(),
        sources: sourceProgress.map((s) => ({ description: s.binding.description, startOffset: s.start, endOffset: s.end, numInputRows: s.rows, numCorruptRecords: s.corrupt })),
        sinkDescription: this.sinkKind === 'foreachBatch' ? 'ForeachBatchSink' : this.sinkKind === 'memory' ? 'MemorySink' : 'AppendOnlySink',
      });
      this.lastTriggerMs = started;
      const progressJson = JSON.stringify(progress);
      const droppedTotal = this.plan.operators.reduce((sum, op) => sum + op.metrics.numRowsDroppedByWatermark, 0);
      const stateTotal = this.plan.operators.reduce((sum, op) => sum + op.numRowsTotal(), 0);
      const commitContent = JSON.stringify({ nextBatchWatermarkMs: this.tracker.currentMs });

      const writeSink = () => this.writeSink(batchId, output);
      const writeRecords = () => {
        this.plan.operators.forEach((_, index) => {
          const version = batchId + 1;
          this.files.write('state_files', entryName('state_files', version, index, 'delta'), { operator: index, version, kind: 'delta' }, deltas[index] as string, null, true);
        });
        this.statements['insertProgress']?.run(
          batchId,
          this.runId,
          entry.batchTimestampMs,
          numInputRows,
          output.length,
          entry.batchWatermarkMs,
          stateTotal,
          droppedTotal,
          progressJson,
        );
        for (const record of corrupt) this.statements['insertCorrupt']?.run(batchId, record.source, record.file, record.line, record.raw, record.error);
      };
      const writeCommit = () => this.files.write('commits', entryName('commits', batchId), { batch: batchId }, commitContent, null, false);
      if (this.semantics === 'atomic') {
        this.db.exec('BEGIN');
        writeSink();
        writeRecords();
        this.crashPoint('after-sink-before-commit', batchId);
        writeCommit();
        this.db.exec('COMMIT');
      } else {
        this.db.exec('BEGIN');
        writeSink();
        this.db.exec('COMMIT');
        this.crashPoint('after-sink-before-commit', batchId);
        this.db.exec('BEGIN');
        writeRecords();
        writeCommit();
        this.db.exec('COMMIT');
      }
      this.lastProgressValue = progress;
      this.options.onProgress?.(progress, progressJson);
      this.crashPoint('after-commit', batchId);
      this.maintenance(batchId + 1);
    } catch (error) {
      this.die(error);
    }
    this.committed = new Map(Object.entries(entry.sources));
    for (const binding of this.plan.sources) if (!this.committed.has(binding.key)) this.committed.set(binding.key, 0);
    this.pending = null;
    this.nextBatchId = batchId + 1;
    this.lastExecutedWatermarkMs = entry.batchWatermarkMs;
    this.previousBatchWatermarkMs = entry.batchWatermarkMs;
  }

  private writeSink(batchId: number, output: readonly Row[]): void {
    const insert = this.statements['insertSink'] as Database.Statement;
    const crash = this.crashHook('mid-sink-write', batchId);
    const half = Math.floor(output.length / 2);
    if (this.sinkKind === 'memory') {
      if (this.lastSinkBatch === undefined) {
        this.lastSinkBatch = (this.statements['lastSinkBatch']?.get() as { id: number | null } | undefined)?.id ?? null;
      }
      const last = this.lastSinkBatch;
      if (last !== null && batchId <= last) {
        // MemorySink: "Skipping already committed batch"
        this.statements['insertSinkWrite']?.run(batchId, this.runId, 0, 1, null, null);
        if (crash !== null) crash();
        return;
      }
    }
    if (this.sinkKind === 'foreachBatch') {
      this.statements['insertForeach']?.run(batchId, this.runId, JSON.stringify(output));
    }
    let first: number | null = null;
    let last: number | null = null;
    for (let i = 0; i < output.length; i++) {
      if (i === half && crash !== null) crash();
      last = Number(insert.run(batchId, JSON.stringify(output[i])).lastInsertRowid);
      if (first === null) first = last;
    }
    if (output.length === 0 && crash !== null) crash();
    this.statements['insertSinkWrite']?.run(batchId, this.runId, output.length, 0, first, last);
    // Known only once the transaction commits; a crash discards this object anyway
    this.lastSinkBatch = batchId;
  }

  /** Spark's maintenance task: a full snapshot every `snapshotInterval` versions, written after the commit. */
  private maintenance(version: number): void {
    if (this.plan.operators.length === 0 || version % this.snapshotInterval !== 0) return;
    this.db.exec('BEGIN');
    try {
      this.plan.operators.forEach((operator, index) => {
        const hook = index === 0 ? this.crashHook('mid-state-snapshot', version - 1) : null;
        const content = JSON.stringify(operator.state.snapshot());
        if (hook !== null && this.files.store === 's3') this.db.exec('COMMIT');
        this.files.write('state_files', entryName('state_files', version, index, 'snapshot'), { operator: index, version, kind: 'snapshot' }, content, hook, true);
      });
      // Like Spark's maintenance, forget state files older than minBatchesToRetain versions (never the new snapshot)
      const retain = Number(this.confs.get('spark.sql.streaming.minBatchesToRetain') ?? '100');
      if (Number.isInteger(retain) && retain > 0) this.db.prepare('DELETE FROM state_files WHERE version < ? AND version < ?').run(version - retain, version);
      this.db.exec('COMMIT');
    } catch (error) {
      this.die(error);
    }
  }
}

function queryName(model: PipelineModel, queryIndex: number): string | null {
  const value = model.writers[queryIndex]?.queryName?.value;
  return value !== undefined && value.kind === 'string' ? value.value : null;
}

function typeNameOf(type: import('./data-type').DataType): string {
  return type.kind === 'atomic' ? type.name : type.kind === 'array' ? 'array' : `struct<${type.fields.map((f) => `${f.name}:${typeNameOf(f.type)}`).join(',')}>`;
}

function cryptoId(): string {
  return randomUUID();
}
