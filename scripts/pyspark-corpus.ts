// Generates a deterministic corpus of realistic PySpark Structured Streaming
// jobs for benchmarks: varied sources, parsing, watermarks, joins,
// aggregations, deduplication, writers, foreachBatch handlers, helpers,
// docstrings and comments. The same seed always gives the same text.

export interface CorpusFile {
  readonly name: string;
  readonly text: string;
  readonly lines: number;
}

/** Files of roughly `linesPerFile` lines until `totalLines` is reached. */
export function generateCorpus(seed: number, totalLines: number, linesPerFile: number): CorpusFile[] {
  const next = random(seed);
  const files: CorpusFile[] = [];
  let lines = 0;
  for (let index = 0; lines < totalLines; index++) {
    const text = generateJob(next, linesPerFile, index);
    const count = countLines(text);
    files.push({ name: `job_${String(index).padStart(4, '0')}.py`, text, lines: count });
    lines += count;
  }
  return files;
}

/** One job file of at least `targetLines` lines. */
export function generateJob(next: () => number, targetLines: number, fileIndex: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const parts: string[] = [header(fileIndex, pick)];
  for (let block = 0; countLines(parts.join('')) < targetLines; block++) {
    parts.push(pipelineBlock(block, next, pick));
  }
  return parts.join('');
}

function countLines(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) count++;
  return count;
}

type Pick = <T>(items: readonly T[]) => T;

const topics = ['orders', 'clicks', 'payments', 'sensor_readings', 'shipments', 'sessions', 'inventory', 'ad_impressions'];
const keys = ['customer_id', 'device_id', 'account_id', 'page', 'region', 'sku', 'merchant_id'];
const intervals = ['30 seconds', '1 minute', '5 minutes', '10 minutes', '1 hour'];
const delays = ['10 seconds', '2 minutes', '10 minutes', '30 minutes', '2 hours'];

function header(fileIndex: number, pick: Pick): string {
  return `"""Streaming job ${fileIndex}: ingest ${pick(topics)} and maintain rollups.

Generated for benchmarks; shaped like the jobs a data platform team keeps in
one repository: several queries per file, helpers, and foreachBatch sinks.
"""
import json
import logging
from datetime import datetime

from delta.tables import DeltaTable
from pyspark.sql import SparkSession, DataFrame, Window
from pyspark.sql import functions as F
from pyspark.sql.types import StructType, StructField, StringType, DoubleType, LongType, TimestampType

log = logging.getLogger(__name__)

spark = (SparkSession.builder
         .appName("job-${fileIndex}")
         .config("spark.sql.shuffle.partitions", "${pick(['8', '64', '200'])}")
         .config("spark.sql.streaming.stateStore.providerClass",
                 "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider")
         .getOrCreate())
spark.conf.set("spark.sql.session.timeZone", "UTC")

`;
}

function pipelineBlock(block: number, next: () => number, pick: Pick): string {
  const topic = pick(topics);
  const key = pick(keys);
  const name = `${topic}_${block}`;
  const out: string[] = [];
  out.push(`# ---------------------------------------------------------------------------\n# ${topic} pipeline ${block}: ${pick(['bronze to silver', 'windowed rollup', 'enrichment', 'dedup and merge', 'alerting'])}\n\n`);
  out.push(schemaBlock(name, key, pick));
  out.push(sourceBlock(name, topic, pick, next));
  out.push(parseBlock(name, key, pick, next));
  const shape = pick(['aggregate', 'join-static', 'join-stream', 'dedup', 'foreachBatch', 'passthrough']);
  let result = `${name}_parsed`;
  switch (shape) {
    case 'aggregate':
      out.push(aggregateBlock(name, key, pick, next));
      result = `${name}_counts`;
      break;
    case 'join-static':
      out.push(staticJoinBlock(name, key, pick));
      result = `${name}_enriched`;
      break;
    case 'join-stream':
      out.push(streamJoinBlock(name, key, pick));
      result = `${name}_joined`;
      break;
    case 'dedup':
      out.push(`${name}_unique = (${name}_parsed\n    .withWatermark("event_time", "${pick(delays)}")\n    .dropDuplicates${pick(['', 'WithinWatermark'])}(["event_id"${next() < 0.5 ? ', "event_time"' : ''}]))\n\n`);
      result = `${name}_unique`;
      break;
    case 'foreachBatch':
      out.push(handlerBlock(name, key, pick, next));
      break;
    case 'passthrough':
      out.push(`${name}_clean = ${name}_parsed.filter(F.col("${key}").isNotNull()).drop("raw")\n\n`);
      result = `${name}_clean`;
      break;
  }
  out.push(writerBlock(name, result, shape, pick, next));
  if (next() < 0.4) out.push(helperBlock(name, key, pick));
  return out.join('');
}

function schemaBlock(name: string, key: string, pick: Pick): string {
  if (pick([true, false])) {
    return `${name}_schema = StructType([
    StructField("event_id", StringType(), False),
    StructField("${key}", StringType()),
    StructField("amount", DoubleType()),
    StructField("quantity", LongType()),
    StructField("event_time", TimestampType()),
])

`;
  }
  return `${name}_schema = "event_id STRING, ${key} STRING, amount DOUBLE, quantity BIGINT, event_time TIMESTAMP"\n\n`;
}

function sourceBlock(name: string, topic: string, pick: Pick, next: () => number): string {
  switch (pick(['kafka', 'kafka', 'delta', 'files', 'rate'])) {
    case 'kafka':
      return `${name}_raw = (spark.readStream
    .format("kafka")
    .option("kafka.bootstrap.servers", "broker-${Math.floor(next() * 3)}:9092")
    .option("subscribe", "${topic}")
    .option("startingOffsets", "${pick(['latest', 'earliest'])}")
    .option("maxOffsetsPerTrigger", ${pick([10000, 50000, 200000])})
    .load())

`;
    case 'delta':
      return `${name}_raw = spark.readStream.format("delta").option("ignoreChanges", "true").table("bronze.${topic}")\n\n`;
    case 'files':
      return `${name}_raw = (spark.readStream
    .schema(${name}_schema)
    .option("maxFilesPerTrigger", ${pick([1, 10, 100])})
    .${pick(['json', 'parquet', 'csv'])}("/mnt/landing/${topic}/"))

`;
    default:
      return `${name}_raw = spark.readStream.format("rate").option("rowsPerSecond", ${pick([10, 100, 1000])}).load()\n\n`;
  }
}

function parseBlock(name: string, key: string, pick: Pick, next: () => number): string {
  const filter = next() < 0.6 ? `\n    .filter(F.col("amount") > ${Math.floor(next() * 100)})` : '';
  return `${name}_parsed = (${name}_raw
    .select(F.from_json(F.col("value").cast("string"), ${name}_schema).alias("e"), "timestamp")
    .select("e.*", F.col("timestamp").alias("ingested_at"))
    .withColumn("${key}", F.lower(F.trim(F.col("${key}"))))
    .withColumn("amount_cents", (F.col("amount") * 100).cast("long"))${filter}
    .withColumnRenamed("quantity", "${pick(['qty', 'units', 'count_items'])}"))

`;
}

function aggregateBlock(name: string, key: string, pick: Pick, next: () => number): string {
  const watermark = next() < 0.75 ? `\n    .withWatermark("event_time", "${pick(delays)}")` : '';
  const window = pick([
    `F.window("event_time", "${pick(intervals)}")`,
    `F.window("event_time", "10 minutes", "5 minutes")`,
    `F.session_window("event_time", "${pick(intervals)}")`,
  ]);
  return `# Late events up to the watermark delay still count; older ones are dropped.
${name}_counts = (${name}_parsed${watermark}
    .groupBy(${window}, "${key}")
    .agg(F.count("*").alias("events"),
         F.sum("amount").alias("total_amount"),
         F.${pick(['max', 'min', 'avg'])}("amount").alias("stat_amount"),
         F.approx_count_distinct("event_id").alias("distinct_events")))

`;
}

function staticJoinBlock(name: string, key: string, pick: Pick): string {
  const reader = pick([
    `spark.read.format("jdbc").option("url", "jdbc:postgresql://crm/db").option("dbtable", "public.${key}s").load()`,
    `spark.read.table("dim.${key}s")`,
    `spark.read.format("delta").load("/mnt/dim/${key}s")`,
  ]);
  return `${name}_dim = ${reader}${pick(['', '.cache()'])}

${name}_enriched = ${name}_parsed.join(${pick([`${name}_dim`, `F.broadcast(${name}_dim)`])}, on="${key}", how="${pick(['inner', 'left', 'left_outer'])}")

`;
}

function streamJoinBlock(name: string, key: string, pick: Pick): string {
  return `${name}_other = (spark.readStream.format("kafka")
    .option("kafka.bootstrap.servers", "broker:9092")
    .option("subscribe", "${name}_updates")
    .load()
    .select(F.col("key").cast("string").alias("${key}_r"), F.col("timestamp").alias("update_time"))
    .withWatermark("update_time", "${pick(delays)}"))

${name}_joined = ${name}_parsed.withWatermark("event_time", "${pick(delays)}").join(
    ${name}_other,
    F.expr("""
        ${key} = ${key}_r AND
        update_time BETWEEN event_time AND event_time + interval ${pick(['5 minutes', '1 hour'])}
    """),
    "${pick(['inner', 'leftOuter'])}",
)

`;
}

function handlerBlock(name: string, key: string, pick: Pick, next: () => number): string {
  const idempotent = next() < 0.5 ? `\n    batch_df = batch_df.withColumn("batch_id", F.lit(batch_id))` : '';
  return `def upsert_${name}(batch_df: DataFrame, batch_id: int) -> None:
    """Merge one micro-batch into the silver table${idempotent ? ', tagged with its batch id' : ''}."""${idempotent}
    if batch_df.${pick(['isEmpty()', 'rdd.isEmpty()'])}:
        return
    latest = (batch_df
              .withColumn("rank", F.row_number().over(Window.partitionBy("${key}").orderBy(F.col("event_time").desc())))
              .filter("rank = 1")
              .drop("rank"))
    target = DeltaTable.forName(spark, "silver.${name}")
    (target.alias("t")
     .merge(latest.alias("s"), "t.${key} = s.${key}")
     .whenMatchedUpdateAll()
     .whenNotMatchedInsertAll()
     .execute())
    log.info("batch %s merged %d rows", batch_id, latest.count())


`;
}

function writerBlock(name: string, input: string, shape: string, pick: Pick, next: () => number): string {
  const trigger = pick(['.trigger(processingTime="1 minute")', '.trigger(availableNow=True)', '', '.trigger(processingTime="30 seconds")']);
  const checkpoint = next() < 0.85 ? `\n    .option("checkpointLocation", "/mnt/checkpoints/${name}")` : '';
  if (shape === 'foreachBatch') {
    return `${name}_query = (${input}.writeStream
    .foreachBatch(upsert_${name})${checkpoint}
    ${trigger || '.trigger(processingTime="5 minutes")'}
    .queryName("${name}")
    .start())

`;
  }
  const mode = shape === 'aggregate' ? pick(['append', 'update', 'complete']) : 'append';
  const sink = pick([
    `.format("delta")${checkpoint}\n    .toTable("silver.${name}")`,
    `.format("kafka")\n    .option("kafka.bootstrap.servers", "broker:9092")\n    .option("topic", "${name}_out")${checkpoint}\n    .start()`,
    `.format("parquet")\n    .option("path", "/mnt/out/${name}")${checkpoint}\n    .partitionBy("${pick(['region', 'event_date'])}")\n    .start()`,
    `.format("console")\n    .option("truncate", "false")\n    .start()`,
  ]);
  return `${name}_query = (${input}.writeStream
    .outputMode("${mode}")
    ${trigger || '.queryName("' + name + '")'}
    ${sink})

`;
}

function helperBlock(name: string, key: string, pick: Pick): string {
  return `def describe_${name}(query) -> str:
    # Progress is a dict; keep only what the on-call dashboard shows.
    progress = query.lastProgress or {}
    rows = progress.get("numInputRows", 0)
    return json.dumps({"query": "${name}", "rows": rows, "key": "${key}", "at": datetime.utcnow().isoformat()})


class ${pascal(name)}Monitor:
    """Logs progress of the ${name} query every ${pick(intervals)}."""

    def __init__(self, query):
        self.query = query
        self.seen = 0

    def poll(self):
        self.seen += 1
        log.info(describe_${name}(self.query))
        return self.seen


`;
}

function pascal(name: string): string {
  return name
    .split('_')
    .map((part) => (part[0] ?? '').toUpperCase() + part.slice(1))
    .join('');
}

/** mulberry32: small, fast, and the same sequence on every platform. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
