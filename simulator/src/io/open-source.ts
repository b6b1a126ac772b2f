// Building the simulator's input for one streaming source of a pipeline: the
// event file or directory bound to it with `--events`, or, without one, events
// generated from the schema the code declares. Also decides each source's
// read limit per micro-batch from its options (`maxOffsetsPerTrigger`,
// `maxFilesPerTrigger`) and the run's rows per batch.
//
// Problems are returned, never thrown: a source that cannot be opened says why
// and what to do (`--events`).

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { NodeId, PipelineModel } from '../../../server/src/model/pipeline';
import type { ColumnType, ReadLimit, SimSource } from '../engine/source';
import { defaultGeneratorOptions, EventGenerator, type GeneratorOptions } from '../generate/event-generator';
import { downstream, kafkaValueSchema, readerSchema } from '../generate/declared-schema';
import { GeneratedSource, generatedKafkaRecords } from '../generate/generated-source';
import { csvDialect, type CsvDialect } from './csv';
import { EventFileSource } from './event-file-source';
import { directoryListing, FileDirectorySource } from './file-directory-source';
import { inferCsvSchema, inferJsonSchema } from './infer-schema';
import { KafkaSource, lineRecords } from './kafka-source';
import { LineFile } from './line-file';
import { durationSeconds, RateSource, rateSettings } from './rate-source';
import { createRecordParser, parseMode, type RecordFormat } from './record-parser';
import { SourceOptions } from './source-options';
import type { EpochUnit } from './timestamps';

export interface OpenSourceRequest {
  readonly model: PipelineModel;
  readonly node: NodeId;
  /** The pipeline's source text (schemas referred to by name are read from it). */
  readonly code: string;
  /** The source's name in the simulation (tables, corrupt records, progress). */
  readonly name: string;
  /** The event file or directory bound to it, or null to generate events. */
  readonly events: string | null;
  /** Rows per micro-batch for event files and generated events (a source's own limit option wins). */
  readonly rowsPerBatch: number;
  /** How many events to generate. */
  readonly generatedRows: number;
  readonly seed: number;
  readonly epochUnit: EpochUnit;
  /** The virtual processing-time clock, in milliseconds. */
  readonly clock: () => number;
}

export interface OpenedSource {
  readonly source: SimSource;
  readonly readLimit: ReadLimit;
  /** One line for the user: where the events come from. */
  readonly origin: string;
  /** Things the user should know that do not stop the run (an inferred schema). */
  readonly notes: readonly string[];
  /** Releases the open event file, if any. */
  readonly close: () => void;
}

export type OpenSourceResult = { readonly kind: 'opened'; readonly opened: OpenedSource } | { readonly kind: 'error'; readonly message: string };

export function openSource(request: OpenSourceRequest): OpenSourceResult {
  const node = request.model.nodes[request.node];
  if (node === undefined || node.kind !== 'source') return { kind: 'error', message: `node ${request.node} is not a source` };
  const info = node.source;
  const options = SourceOptions.of(info);
  const format = info.format?.value ?? (info.api === 'table' ? 'table' : null);
  if (format === 'rate') return openRate(request, options);
  if (format === 'kafka') return request.events === null ? generateKafka(request, options) : openKafkaFile(request, options);
  return request.events === null ? generateRows(request, format) : openEventFiles(request, options, format);
}

function openRate(request: OpenSourceRequest, options: SourceOptions): OpenSourceResult {
  if (request.events !== null) return { kind: 'error', message: `${request.name} is a rate source: it makes its own rows and reads no events; drop --events for it` };
  const settings = rateSettings(options);
  if (settings.problems.length > 0) return { kind: 'error', message: `rate source ${request.name}: ${settings.problems.join('; ')}` };
  return {
    kind: 'opened',
    opened: {
      source: new RateSource(request.name, settings.value, request.clock),
      readLimit: { kind: 'all' },
      origin: `rate source, ${settings.value.rowsPerSecond} rows per second of virtual time`,
      notes: [],
      close: () => undefined,
    },
  };
}

function kafkaLimit(request: OpenSourceRequest, options: SourceOptions): { readonly limit: ReadLimit; readonly problem: string | null } {
  const max = options.positiveInteger('maxOffsetsPerTrigger');
  if (max.problem !== null) return { limit: { kind: 'all' }, problem: max.problem };
  return { limit: { kind: 'maxRows', rows: max.value ?? request.rowsPerBatch }, problem: null };
}

function kafkaTopic(options: SourceOptions, fallback: string): string {
  return (options.get('subscribe') ?? options.get('topic') ?? fallback).split(',')[0]?.trim() || fallback;
}

/** What a Kafka value holds when no from_json says: a typical click or app event. */
const genericEventSchema: readonly ColumnType[] = [
  { name: 'event_id', type: 'string' },
  { name: 'user_id', type: 'string' },
  { name: 'event_type', type: 'string' },
  { name: 'event_time', type: 'timestamp' },
];

function generateKafka(request: OpenSourceRequest, options: SourceOptions): OpenSourceResult {
  const declared = kafkaValueSchema(request.model, request.node, request.code);
  const { limit, problem } = kafkaLimit(request, options);
  if (problem !== null) return { kind: 'error', message: `${request.name}: ${problem}` };
  const columns = declared.kind === 'schema' ? declared.columns : genericEventSchema;
  const notes =
    declared.kind === 'schema'
      ? []
      : [`${request.name}: no from_json(...) parses the Kafka value, so the generated values are generic events (${columns.map((column) => column.name).join(', ')}); give your own with --events ${request.name}=PATH (one value per line)`];
  const generator = new EventGenerator(columns, generatorOptions(request, columns), request.name);
  return {
    kind: 'opened',
    opened: {
      source: new KafkaSource(request.name, kafkaTopic(options, request.name), generatedKafkaRecords(generator, request.generatedRows)),
      readLimit: limit,
      origin: `${request.generatedRows} generated Kafka records (seed ${request.seed})${declared.kind === 'schema' ? ' whose value is JSON of the from_json schema' : ''}, keyed and stamped with each event's user and time`,
      notes,
      close: () => undefined,
    },
  };
}

function openKafkaFile(request: OpenSourceRequest, options: SourceOptions): OpenSourceResult {
  const file = request.events as string;
  const opened = openLines(file, 0, false, null);
  if (opened.kind === 'error') return opened;
  const { limit, problem } = kafkaLimit(request, options);
  if (problem !== null) {
    opened.lines.close();
    return { kind: 'error', message: `${request.name}: ${problem}` };
  }
  return {
    kind: 'opened',
    opened: {
      source: new KafkaSource(request.name, kafkaTopic(options, request.name), lineRecords(opened.lines, request.clock() * 1000)),
      readLimit: limit,
      origin: `${opened.lines.lineCount} Kafka records from ${file} (one record value per line)`,
      notes: [],
      close: () => opened.lines.close(),
    },
  };
}

function generateRows(request: OpenSourceRequest, format: string | null): OpenSourceResult {
  const schema = readerSchema(request.model, request.node, request.code);
  if (schema.kind === 'none') return { kind: 'error', message: noSchemaMessage(request.name, schema.reason) };
  const columns = format === 'text' && schema.columns.length === 0 ? [{ name: 'value', type: 'string' }] : schema.columns;
  const generator = new EventGenerator(columns, generatorOptions(request, columns), request.name);
  return {
    kind: 'opened',
    opened: {
      source: new GeneratedSource(request.name, generator, request.generatedRows),
      readLimit: { kind: 'maxRows', rows: request.rowsPerBatch },
      origin: `${request.generatedRows} generated events (seed ${request.seed}) from the declared schema`,
      notes: [],
      close: () => undefined,
    },
  };
}

function openEventFiles(request: OpenSourceRequest, options: SourceOptions, format: string | null): OpenSourceResult {
  const target = request.events as string;
  if (!existsSync(target)) return { kind: 'error', message: `cannot read the event file ${target} (bound to ${request.name}): no such file or directory` };
  const directory = statSync(target).isDirectory();
  const recordFormat = recordFormatOf(format, directory ? null : target);
  const mode = parseMode(options.get('mode'));
  if (mode === null) return { kind: 'error', message: `${request.name}: option 'mode' must be PERMISSIVE, DROPMALFORMED or FAILFAST, got '${options.get('mode')}'` };
  // A CSV event file bound to a source of another format (a table, Parquet) has no `header` option to honour: expect one
  const dialect = format !== 'csv' && options.get('header') === null ? { ...csvDialect(options), header: true } : csvDialect(options);
  const corruptColumn = options.get('columnNameOfCorruptRecord') ?? '_corrupt_record';
  const notes: string[] = [];
  if (directory) {
    const maxFiles = options.positiveInteger('maxFilesPerTrigger');
    if (maxFiles.problem !== null) return { kind: 'error', message: `${request.name}: ${maxFiles.problem}` };
    const listing = directoryListing(target);
    const schema = resolveFileSchema(request, recordFormat, dialect, () => {
      const first = [...listing.list()].sort((a, b) => a.modifiedMillis - b.modifiedMillis)[0];
      if (first === undefined) return { header: null, lines: [] };
      const all = listing.read(first).split(/\r?\n/).filter((line) => line.trim() !== '');
      return dialect.header ? { header: all[0] ?? null, lines: all.slice(1) } : { header: null, lines: all };
    });
    if (schema.kind === 'error') return schema;
    if (schema.inferred) notes.push(`${request.name}: the code declares no schema; read '${schema.text}' off the first event file`);
    const parser = createRecordParser(schema.columns, { format: recordFormat, mode, corruptColumn, csv: dialect, epochUnit: request.epochUnit });
    const source = new FileDirectorySource(request.name, schema.columns, listing, parser, {
      skipLeadingLines: recordFormat === 'csv' && dialect.header ? 1 : 0,
      keepBlank: recordFormat === 'text',
    });
    return {
      kind: 'opened',
      opened: {
        source,
        readLimit: maxFiles.value === null ? { kind: 'all' } : { kind: 'maxFiles', files: maxFiles.value },
        origin: `files in ${target} (${recordFormat}${maxFiles.value === null ? '' : `, at most ${maxFiles.value} per batch`})`,
        notes,
        close: () => undefined,
      },
    };
  }
  const opened = openLines(target, recordFormat === 'csv' && dialect.header ? 1 : 0, recordFormat === 'text', recordFormat === 'csv' ? dialect.comment : null);
  if (opened.kind === 'error') return opened;
  const schema = resolveFileSchema(request, recordFormat, dialect, () => ({
    header: opened.lines.leadingLines[0] ?? null,
    lines: opened.lines.read(0, 200).lines,
  }));
  if (schema.kind === 'error') {
    opened.lines.close();
    return schema;
  }
  if (schema.inferred) notes.push(`${request.name}: the code declares no schema; read '${schema.text}' off ${path.basename(target)}`);
  const parser = createRecordParser(schema.columns, { format: recordFormat, mode, corruptColumn, csv: dialect, epochUnit: request.epochUnit });
  return {
    kind: 'opened',
    opened: {
      source: new EventFileSource(request.name, schema.columns, opened.lines, parser),
      readLimit: { kind: 'maxRows', rows: request.rowsPerBatch },
      origin: `${opened.lines.lineCount} records from ${target} (${recordFormat}${request.rowsPerBatch < Number.MAX_SAFE_INTEGER ? `, ${request.rowsPerBatch} per batch` : ''})`,
      notes,
      close: () => opened.lines.close(),
    },
  };
}

function openLines(file: string, header: number, keepBlank: boolean, comment: string | null): { readonly kind: 'lines'; readonly lines: LineFile } | { readonly kind: 'error'; readonly message: string } {
  try {
    return { kind: 'lines', lines: LineFile.open(file, { skipLeadingRecords: header, keepBlank, comment }) };
  } catch (error) {
    return { kind: 'error', message: `cannot read the event file ${file}: ${(error as Error).message}` };
  }
}

type FileSchema =
  | { readonly kind: 'schema'; readonly columns: readonly ColumnType[]; readonly inferred: boolean; readonly text: string }
  | { readonly kind: 'error'; readonly message: string };

function resolveFileSchema(
  request: OpenSourceRequest,
  format: RecordFormat,
  dialect: CsvDialect,
  sample: () => { readonly header: string | null; readonly lines: readonly string[] },
): FileSchema {
  if (format === 'text') return { kind: 'schema', columns: [{ name: 'value', type: 'string' }], inferred: false, text: 'value string' };
  const declared = readerSchema(request.model, request.node, request.code);
  if (declared.kind === 'schema') return { kind: 'schema', columns: declared.columns, inferred: false, text: '' };
  const { header, lines } = sample();
  const columns = format === 'csv' ? inferCsvSchema(header, lines, dialect) : inferJsonSchema(lines);
  if (columns.length === 0) return { kind: 'error', message: `${request.name}: the code declares no schema and none could be read off the events` };
  return { kind: 'schema', columns, inferred: true, text: columns.map((column) => `${column.name} ${column.type}`).join(', ') };
}

/** The line format of events for a source: its own file format, else the event file's extension. */
function recordFormatOf(format: string | null, file: string | null): RecordFormat {
  if (format === 'json' || format === 'csv' || format === 'text') return format;
  const extension = file === null ? '' : path.extname(file).toLowerCase();
  if (extension === '.csv' || extension === '.tsv') return 'csv';
  if (extension === '.txt' || extension === '.log') return 'text';
  return 'json';
}

function noSchemaMessage(name: string, reason: string): string {
  return `cannot generate events for ${name}: the code declares no schema for it (${reason}); give an event file with --events ${name}=PATH`;
}

/**
 * Generator settings fitted to the pipeline: event times advance about half a
 * watermark delay (or window) per batch; out-of-order rows stay within half
 * the delay; late rows fall behind by the delay plus a window plus a batch, so
 * their window has closed by the watermark they are checked against (Spark
 * 3.4+ checks lateness against the previous batch's watermark).
 */
function generatorOptions(request: OpenSourceRequest, columns: readonly ColumnType[]): GeneratorOptions {
  const timing = pipelineTiming(request.model, request.node, columns);
  const horizon = Math.max(timing.delayMicros ?? 0, timing.windowMicros ?? 0, 10_000_000);
  const batchSpan = Math.floor(horizon / 2);
  const spacing = Math.max(1000, Math.round(batchSpan / Math.max(1, request.rowsPerBatch)));
  const delay = timing.delayMicros ?? horizon;
  const overrides: Partial<GeneratorOptions> = {
    seed: request.seed,
    spacingMicros: spacing,
    eventTimeColumn: timing.eventTimeColumn,
    maxDisorderMicros: Math.max(spacing, Math.floor(delay / 2)),
    lateByMicros: delay + (timing.windowMicros ?? 0) + batchSpan,
  };
  return defaultGeneratorOptions(overrides);
}

function intervalMicros(text: string): number | null {
  const seconds = durationSeconds(text.replace(/^\s*interval\s+/i, ''));
  return seconds === null ? null : seconds * 1_000_000;
}

interface PipelineTiming {
  readonly eventTimeColumn: string | null;
  readonly delayMicros: number | null;
  readonly windowMicros: number | null;
}

/** The watermark column and delay, and the longest window, downstream of a source. */
function pipelineTiming(model: PipelineModel, node: NodeId, columns: readonly ColumnType[]): PipelineTiming {
  let eventTimeColumn: string | null = null;
  let delayMicros: number | null = null;
  let windowMicros: number | null = null;
  for (const descendant of downstream(model, node)) {
    if (descendant.kind !== 'op') continue;
    const op = descendant.op;
    if (op.kind === 'watermark') {
      if (eventTimeColumn === null && columns.some((column) => column.name === op.column.value)) eventTimeColumn = op.column.value;
      const delay = op.delay.value.kind === 'string' ? intervalMicros(op.delay.value.value) : null;
      if (delay !== null) delayMicros = Math.max(delayMicros ?? 0, delay);
    }
    if (op.kind === 'aggregate') {
      for (const key of op.keys) {
        if (key.kind !== 'call' || (key.name !== 'window' && key.name !== 'session_window')) continue;
        const duration = key.args[1];
        if (duration?.kind === 'literal' && typeof duration.value === 'string') {
          const micros = intervalMicros(duration.value);
          if (micros !== null) windowMicros = Math.max(windowMicros ?? 0, micros);
        }
      }
    }
  }
  return { eventTimeColumn, delayMicros, windowMicros };
}
