// `npm run bench:sim`: how fast the simulator replays events, against the raw
// floor measured in the same run (JSON.parse of the same lines and a prepared
// better-sqlite3 insert of the same rows in one transaction into a file
// database). Replays EVENTS generated events (default 1M) through three
// pipelines: stateless, a windowed aggregation with a watermark, and a
// stream-static join; reports events/s and the ratio to the floor (medians
// over RUNS rounds, each measurement in a fresh process), the median time of
// an empty micro-batch (300 no-data batches of a windowed query) and of a
// trigger with nothing to do, peak RSS, and memory at 250k/500k/1M events to
// show it stays flat.
//
// A script, not a test: numbers depend on the machine. Targets: stateless at
// least 60 % of the floor, windowed at least 50 %, an empty batch under 1 ms,
// flat memory.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePython } from '../server/src/python/parse';
import { openSimulation } from '../simulator/src/engine/simulation';
import { sourceKeyOf } from '../simulator/src/engine/compile-plan';
import { InputBinder } from '../simulator/src/io/bind-inputs';
import { bindQueryInputs, rootStreamingSources } from '../simulator/src/io/query-inputs';
import { InlineSource } from '../simulator/src/io/inline-source';
import { benchSchema, benchSchemaDdl, measureFloor, median, writeEventFile } from './bench-sim-floor';

const events = Number(process.env['EVENTS'] ?? 1_000_000);
const runs = Number(process.env['RUNS'] ?? 3);
const rowsPerBatch = Number(process.env['ROWS_PER_BATCH'] ?? 10_000);
const checkpoints = [250_000, 500_000, 1_000_000].filter((count) => count <= events);

const reader = `events = spark.readStream.schema("${benchSchemaDdl}").json("/events")`;
const pipelines: readonly { readonly name: string; readonly code: string }[] = [
  {
    name: 'stateless',
    code: [
      'from pyspark.sql import functions as F',
      reader,
      'clean = events.where(F.col("amount") > 0).select("event_id", "user_id", "page", "amount", "event_time")',
      'clean.writeStream.format("delta").option("checkpointLocation", "/cp").start("/out")',
    ].join('\n'),
  },
  {
    name: 'windowed',
    code: [
      'from pyspark.sql import functions as F',
      reader,
      'counts = (events.withWatermark("event_time", "1 minute")',
      '          .groupBy(F.window("event_time", "10 seconds"), "page")',
      '          .agg(F.count("*").alias("views"), F.sum("amount").alias("revenue")))',
      'counts.writeStream.outputMode("append").format("delta").option("checkpointLocation", "/cp").start("/out")',
    ].join('\n'),
  },
  {
    name: 'stream-static join',
    code: [
      'from pyspark.sql import functions as F',
      reader,
      'users = spark.read.schema("user_id STRING, country STRING, tier STRING").parquet("/dim/users")',
      'enriched = events.join(users, "user_id").select("event_id", "user_id", "country", "amount")',
      'enriched.writeStream.format("delta").option("checkpointLocation", "/cp").start("/out")',
    ].join('\n'),
  },
];

interface RunResult {
  readonly seconds: number;
  readonly outputRows: number;
  /** RSS and heap after a full GC, in MB, when 250k/500k/1M events had been read. */
  readonly memory: readonly { readonly events: number; readonly rssMb: number; readonly heapMb: number }[];
  readonly idleTriggerMs: number;
  readonly noDataBatchMs: number | null;
}

const gc = (globalThis as { gc?: () => void }).gc;

function megabytes(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

async function replay(code: string, eventFile: string, database: string, sampleMemory: boolean): Promise<RunResult> {
  const { model } = await parsePython(code);
  const writer = model.writers.find((candidate) => candidate.start !== null);
  if (writer === undefined) throw new Error('the benchmark pipeline starts no query');
  const binder = new InputBinder({
    model,
    code,
    file: null,
    events: [`events=${eventFile}`],
    rowsPerBatch,
    generatedRows: 0,
    staticRows: 40,
    seed: 42,
    epochUnit: 'seconds',
    clock: () => 0,
  });
  const { sources, statics, staticSchemas } = bindQueryInputs(model, writer.input, binder);
  if (binder.problems.length > 0) throw new Error(binder.problems.join('; '));
  let now = 0;
  let read = 0;
  let outputRows = 0;
  const memory: { events: number; rssMb: number; heapMb: number }[] = [];
  const started = process.hrtime.bigint();
  const simulation = openSimulation({
    model,
    queryIndex: model.writers.indexOf(writer),
    dbPath: database,
    sources,
    statics,
    staticSchemas,
    sinkSemantics: 'atomic',
    clock: () => now,
    rowsPerBatch,
    onProgress: (progress) => {
      const before = read;
      read += progress.numInputRows;
      outputRows += progress.sink.numOutputRows;
      if (!sampleMemory) return;
      for (const mark of checkpoints) {
        if (before < mark && read >= mark) {
          gc?.();
          const usage = process.memoryUsage();
          memory.push({ events: mark, rssMb: megabytes(usage.rss), heapMb: megabytes(usage.heapUsed) });
        }
      }
    },
  });
  // Data batches until the input is used up; the last one may be followed by one no-data batch
  let noDataBatchMs: number | null = null;
  for (;;) {
    now += 1000;
    const before = read;
    const batchStarted = process.hrtime.bigint();
    if (!simulation.runNextBatch()) break;
    if (read === before) noDataBatchMs = Number(process.hrtime.bigint() - batchStarted) / 1e6;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // An empty trigger: nothing new in any source, no watermark to advance
  const idle: number[] = [];
  for (let index = 0; index < 500; index++) {
    now += 1000;
    const triggerStarted = process.hrtime.bigint();
    simulation.runNextBatch();
    idle.push(Number(process.hrtime.bigint() - triggerStarted) / 1e6);
  }
  simulation.stop();
  binder.close();
  if (read !== events) throw new Error(`the replay read ${read} events of ${events}`);
  return { seconds, outputRows, memory, idleTriggerMs: median(idle), noDataBatchMs };
}

function rate(seconds: number): string {
  return `${Math.round(events / seconds).toLocaleString('en-US')} events/s`;
}

function emptyInChild(database: string): { readonly noDataBatchMs: number; readonly idleTriggerMs: number; readonly samples: number } {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', 'empty', '', database], { encoding: 'utf8' });
  const last = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !last.startsWith('{')) throw new Error(`the empty-batch measurement failed: ${child.stderr || child.stdout}`);
  return JSON.parse(last) as { noDataBatchMs: number; idleTriggerMs: number; samples: number };
}

/** One measurement in a fresh process, so a run's memory figures are its own. */
type Measurement = { readonly kind: 'floor'; readonly seconds: number; readonly peakRssMb: number } | ({ readonly kind: 'replay'; readonly peakRssMb: number } & RunResult);

function measureInChild(what: string, eventFile: string, database: string): Measurement {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', what, eventFile, database], {
    encoding: 'utf8',
    env: { ...process.env },
    maxBuffer: 16 * 1024 * 1024,
  });
  const last = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !last.startsWith('{')) throw new Error(`the ${what} measurement failed: ${child.stderr || child.stdout}`);
  return JSON.parse(last) as Measurement;
}

/**
 * Empty micro-batches, many of them: a windowed query over an in-memory source
 * gets one row per trigger (moving the watermark), and the no-data batch that
 * follows each is timed; then triggers with nothing to do are timed.
 */
async function emptyBatches(database: string): Promise<{ readonly noDataBatchMs: number; readonly idleTriggerMs: number; readonly samples: number }> {
  const windowed = pipelines[1] as { readonly code: string };
  const { model } = await parsePython(windowed.code);
  const writer = model.writers.find((candidate) => candidate.start !== null);
  const node = rootStreamingSources(model, writer?.input ?? 0)[0];
  if (writer === undefined || node === undefined) throw new Error('the windowed pipeline has no streaming source');
  const input = new InlineSource('events', benchSchema);
  let now = 0;
  const simulation = openSimulation({ model, queryIndex: model.writers.indexOf(writer), dbPath: database, sources: { [sourceKeyOf(node)]: input }, clock: () => now });
  const start = Date.UTC(2024, 0, 1) * 1000;
  const noData: number[] = [];
  for (let index = 0; index < 300; index++) {
    input.add([{ event_id: `e${index}`, user_id: 'user-001', page: '/home', amount: 1, event_time: start + index * 20_000_000 }]);
    now += 1000;
    simulation.runNextBatch();
    now += 1000;
    const started = process.hrtime.bigint();
    const ran = simulation.runNextBatch();
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (ran && index > 0) noData.push(elapsed);
  }
  const idle: number[] = [];
  for (let index = 0; index < 300; index++) {
    now += 1000;
    const started = process.hrtime.bigint();
    simulation.runNextBatch();
    idle.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  simulation.stop();
  return { noDataBatchMs: median(noData), idleTriggerMs: median(idle), samples: noData.length };
}

async function child(what: string, eventFile: string, database: string): Promise<void> {
  if (what === 'empty') {
    console.log(JSON.stringify(await emptyBatches(database)));
    return;
  }
  let measurement: Measurement;
  if (what === 'floor') {
    measurement = { kind: 'floor', seconds: measureFloor(eventFile, database), peakRssMb: 0 };
  } else {
    const pipeline = pipelines[Number(what)];
    if (pipeline === undefined) throw new Error(`no pipeline ${what}`);
    measurement = { kind: 'replay', ...(await replay(pipeline.code, eventFile, database, true)), peakRssMb: 0 };
  }
  console.log(JSON.stringify({ ...measurement, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

async function main(): Promise<void> {
  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-bench-'));
  try {
    const benchStarted = Date.now();
    console.log(`simulator benchmark: ${events.toLocaleString('en-US')} generated events, ${rowsPerBatch.toLocaleString('en-US')} per batch, ${runs} rounds (each a fresh process per measurement), node ${process.version}${gc ? '' : ' (run with --expose-gc for steadier memory figures)'}`);
    const eventFile = writeEventFile(directory, events);
    // Rounds interleave the floor and the pipelines, so a busy machine slows both alike; ratios are per round
    const floors: number[] = [];
    const replays: Measurement[][] = pipelines.map(() => []);
    let floorPeak = 0;
    for (let round = 0; round < runs; round++) {
      const floor = measureInChild('floor', eventFile, path.join(directory, `floor-${round}.sqlite`));
      if (floor.kind === 'floor') {
        floors.push(floor.seconds);
        floorPeak = Math.max(floorPeak, floor.peakRssMb);
      }
      pipelines.forEach((_, index) => replays[index]?.push(measureInChild(String(index), eventFile, path.join(directory, `replay-${index}-${round}.sqlite`))));
    }
    const floor = median(floors);
    console.log(`\nfloor (read the file, JSON.parse each line, prepared insert of each row, one transaction, file database): median ${floor.toFixed(2)} s, ${rate(floor)} (runs: ${floors.map((value) => value.toFixed(2)).join(', ')} s; peak RSS ${floorPeak} MB)`);
    console.log('');
    const targets: Readonly<Record<string, number>> = { stateless: 0.6, windowed: 0.5 };
    const idle: number[] = [];
    const noData: number[] = [];
    const memoryRows: string[] = [];
    pipelines.forEach((pipeline, index) => {
      const results = (replays[index] ?? []).filter((result): result is Extract<Measurement, { kind: 'replay' }> => result.kind === 'replay');
      const seconds = median(results.map((result) => result.seconds));
      const ratio = median(results.map((result, round) => (floors[round] ?? floor) / result.seconds));
      const target = targets[pipeline.name];
      const verdict = target === undefined ? '' : `  (target >= ${target * 100} %: ${ratio >= target ? 'met' : 'MISSED'})`;
      console.log(
        `${pipeline.name.padEnd(19)} median ${seconds.toFixed(2).padStart(6)} s  ${rate(seconds).padStart(20)}  ${(ratio * 100).toFixed(0).padStart(3)} % of the floor  (runs: ${results.map((result) => result.seconds.toFixed(2)).join(', ')} s; ${results[0]?.outputRows.toLocaleString('en-US')} output rows)${verdict}`,
      );
      for (const result of results) {
        idle.push(result.idleTriggerMs);
        if (result.noDataBatchMs !== null) noData.push(result.noDataBatchMs);
      }
      const first = results[0];
      memoryRows.push(
        `${pipeline.name.padEnd(19)} ${(first?.memory ?? []).map((sample) => `${(sample.events / 1000).toFixed(0)}k: rss ${sample.rssMb} MB, heap ${sample.heapMb} MB`).join('  |  ')}  |  peak RSS ${Math.max(...results.map((result) => result.peakRssMb))} MB`,
      );
    });
    const empty = emptyInChild(path.join(directory, 'empty.sqlite'));
    console.log(
      `\nempty micro-batch (a no-data batch: the watermark advanced, no input; offsets, state, progress and commit written): median ${empty.noDataBatchMs.toFixed(3)} ms over ${empty.samples}${empty.noDataBatchMs < 1 ? '  (target < 1 ms: met)' : '  (target < 1 ms: MISSED)'}`,
    );
    console.log(`empty trigger (nothing new, no watermark to advance, no batch runs): median ${(empty.idleTriggerMs * 1000).toFixed(1)} µs; after the ${(events / 1000).toFixed(0)}k-event replays: median ${(median(idle) * 1000).toFixed(1)} µs`);
    if (noData.length > 0) console.log(`the no-data batch closing each windowed replay: median ${median(noData).toFixed(2)} ms`);
    console.log('\nmemory after a full GC when 250k / 500k / 1M events had been replayed (first round):');
    for (const row of memoryRows) console.log(row);
    console.log(`\ntook ${((Date.now() - benchStarted) / 1000).toFixed(0)} s`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const childIndex = process.argv.indexOf('--child');
const entry = childIndex === -1 ? main() : child(process.argv[childIndex + 1] ?? '', process.argv[childIndex + 2] ?? '', process.argv[childIndex + 3] ?? '');
entry.catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
