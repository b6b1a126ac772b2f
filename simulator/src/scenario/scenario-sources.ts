// The inputs of a scenario: inline rows per input (Spark's MemoryStream), a
// directory of files added step by step (the file source), or the rate source
// on the scenario's virtual clock.

import type { PipelineModel, PlanNode } from '../../../server/src/model/pipeline';
import { sourceKeyOf } from '../engine/compile-plan';
import { parseDataType } from '../engine/data-type';
import type { ColumnType, Row, SimSource } from '../engine/source';
import { defaultCsvDialect } from '../io/csv';
import { FileDirectorySource, MemoryFileListing } from '../io/file-directory-source';
import { InlineSource } from '../io/inline-source';
import { createRecordParser } from '../io/record-parser';
import { RateSource, rateSettings } from '../io/rate-source';
import { SourceOptions, valueText } from '../io/source-options';
import { SimulationError } from '../engine/simulation-error';
import type { JsonRow, Scenario } from './scenario';

export interface ScenarioSources {
  readonly byKey: Readonly<Record<string, SimSource>>;
  addRows(input: string, rows: readonly JsonRow[]): void;
  addFile(name: string, content: string): void;
}

function columnTypes(types: Readonly<Record<string, string>>): ColumnType[] {
  return Object.entries(types).map(([name, type]) => ({ name, type }));
}

/** Scenario rows give timestamps as seconds; the engine holds microseconds. */
function engineRow(row: JsonRow, schema: readonly ColumnType[]): Row {
  const out: Row = { ...row };
  for (const column of schema) {
    const type = parseDataType(column.type);
    const value = row[column.name];
    if (type !== null && type.kind === 'atomic' && type.name === 'timestamp' && typeof value === 'number') out[column.name] = Math.round(value * 1_000_000);
  }
  return out;
}

export function createScenarioSources(scenario: Scenario, model: PipelineModel, clock: () => number): ScenarioSources {
  const streamingSources = model.nodes.filter((n): n is Extract<PlanNode, { kind: 'source' }> => n.kind === 'source' && n.streaming === 'streaming');
  // config.source is "file" / "rate" with the options beside it, or an object {format, ...options}
  const declared = scenario.config['source'];
  const sourceObject = declared !== null && typeof declared === 'object' && !Array.isArray(declared) ? declared : null;
  const kind = sourceObject !== null ? (sourceObject['format'] ?? sourceObject['kind'] ?? sourceObject['type']) : declared;
  const configOptions: Record<string, unknown> = { ...scenario.config, ...(sourceObject ?? {}) };
  const byKey: Record<string, SimSource> = {};
  const optionsOf = (node: Extract<PlanNode, { kind: 'source' }> | undefined): Record<string, string> => {
    const options: Record<string, string> = {};
    for (const option of node?.source.options ?? []) {
      const text = valueText(option.value.value);
      if (text !== null) options[option.key] = text;
    }
    for (const [key, value] of Object.entries(configOptions)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') options[key] = String(value);
    }
    return options;
  };
  if (kind === 'file') {
    const node = streamingSources[0];
    const schema = columnTypes(scenario.schemas['events'] ?? { value: 'string' });
    const listing = new MemoryFileListing();
    const format = node?.source.format?.value ?? 'text';
    const parser = createRecordParser(schema, {
      format: format === 'json' ? 'json' : format === 'csv' ? 'csv' : 'text',
      mode: 'PERMISSIVE',
      corruptColumn: '_corrupt_record',
      csv: defaultCsvDialect,
      epochUnit: 'seconds',
    });
    byKey[node === undefined ? 'file' : sourceKeyOf(node)] = new FileDirectorySource('file', schema, listing, parser, { skipLeadingLines: 0, keepBlank: format === 'text' });
    return {
      byKey,
      addRows() {
        throw new SimulationError('bad-input', 'addData needs an inline source; this scenario reads files (use addFiles)');
      },
      addFile(name, content) {
        listing.add(name, content);
      },
    };
  }
  if (kind === 'rate') {
    const node = streamingSources[0];
    const settings = rateSettings(SourceOptions.fromRecord(optionsOf(node)));
    if (settings.problems.length > 0) throw new SimulationError('bad-input', settings.problems.join('; '));
    byKey[node === undefined ? 'rate' : sourceKeyOf(node)] = new RateSource('rate', settings.value, clock);
    return {
      byKey,
      addRows() {
        throw new SimulationError('bad-input', 'addData needs an inline source; this scenario reads the rate source');
      },
      addFile() {
        throw new SimulationError('bad-input', 'addFiles needs a file source');
      },
    };
  }
  const inline = new Map<string, { source: InlineSource; schema: ColumnType[] }>();
  for (const input of scenario.inputs) {
    const schema = columnTypes(scenario.schemas[input] ?? {});
    const key = scenario.multiInput ? `events_${input}` : 'events';
    const source = new InlineSource(input, schema);
    inline.set(input, { source, schema });
    byKey[key] = source;
  }
  return {
    byKey,
    addRows(input, rows) {
      const entry = inline.get(input);
      if (entry === undefined) throw new SimulationError('bad-input', `unknown input "${input}"`);
      entry.source.add(rows.map((row) => engineRow(row, entry.schema)));
    },
    addFile() {
      throw new SimulationError('bad-input', 'addFiles needs a file source (config.source = "file")');
    },
  };
}
