// Binding every input of one query to something the simulator can read: each
// streaming source to an event file or directory (`--events SOURCE=PATH`, or
// `events/<name>.jsonl` beside the job), else to events generated from its
// declared schema; each static DataFrame (a batch read joined to the stream)
// the same way, read whole. The engine calls back into the binder while it
// compiles the plan; what could not be bound is kept as a problem that says
// what to pass, so the caller reports it instead of the engine's generic one.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { NodeId, PipelineModel, PlanNode } from '../../../server/src/model/pipeline';
import type { ColumnType, Row } from '../engine/source';
import { defaultGeneratorOptions, EventGenerator } from '../generate/event-generator';
import { readerSchema } from '../generate/declared-schema';
import { keyValue } from '../generate/value-generator';
import { matchBinding, parseEventBinding, sourceNames, type EventBinding } from './event-binding';
import { openSource, type OpenedSource } from './open-source';
import type { EpochUnit } from './timestamps';

export interface InputSettings {
  readonly model: PipelineModel;
  readonly code: string;
  /** The job's file, for finding `events/` beside it; null for code without a file. */
  readonly file: string | null;
  /** `--events` arguments as given. */
  readonly events: readonly string[];
  readonly rowsPerBatch: number;
  readonly generatedRows: number;
  /** Rows generated for a static DataFrame with no events. */
  readonly staticRows: number;
  readonly seed: number;
  readonly epochUnit: EpochUnit;
  readonly clock: () => number;
}

export interface BoundSource {
  readonly key: string;
  readonly node: NodeId;
  readonly opened: OpenedSource;
}

export interface BoundStatic {
  readonly name: string;
  readonly schema: readonly ColumnType[];
  readonly load: () => Row[];
  readonly origin: string;
}

/** Extensions tried for `events/<name>` beside the job, in order. */
const eventExtensions = ['.jsonl', '.json', '.csv', '.txt', ''];

export class InputBinder {
  readonly problems: string[] = [];
  readonly notes: string[] = [];
  readonly sources: BoundSource[] = [];
  readonly statics: BoundStatic[] = [];
  private readonly bindings: EventBinding[] = [];
  private readonly used = new Set<EventBinding>();
  private readonly closers: (() => void)[] = [];

  constructor(private readonly settings: InputSettings) {
    for (const text of settings.events) {
      const parsed = parseEventBinding(text);
      if (parsed.kind === 'error') this.problems.push(parsed.message);
      else this.bindings.push(parsed.binding);
    }
  }

  /** Binds a streaming source; null when it cannot be (see `problems`). */
  bindSource(node: Extract<PlanNode, { kind: 'source' }>): BoundSource | null {
    const existing = this.sources.find((bound) => bound.node === node.id);
    if (existing !== undefined) return existing;
    const names = sourceNames(this.settings.model, node.id);
    const name = names.find((candidate) => !candidate.includes('/')) ?? names[0] ?? `source${node.id}`;
    const events = this.eventsFor(node.id, names);
    if (events === undefined) return null;
    const result = openSource({
      model: this.settings.model,
      node: node.id,
      code: this.settings.code,
      name,
      events,
      rowsPerBatch: this.settings.rowsPerBatch,
      generatedRows: this.settings.generatedRows,
      seed: this.settings.seed,
      epochUnit: this.settings.epochUnit,
      clock: this.settings.clock,
    });
    if (result.kind === 'error') {
      this.problems.push(result.message);
      return null;
    }
    this.notes.push(...result.opened.notes);
    const bound: BoundSource = { key: uniqueKey(name, this.sources.map((source) => source.key)), node: node.id, opened: result.opened };
    this.sources.push(bound);
    return bound;
  }

  /** Binds a static DataFrame read from a batch source; null for anything else (the engine compiles it over its inputs). */
  bindStatic(node: PlanNode): BoundStatic | null {
    if (node.kind !== 'source' || node.streaming === 'streaming') return null;
    const names = sourceNames(this.settings.model, node.id);
    const name = names.find((candidate) => !candidate.includes('/')) ?? names[0] ?? `static${node.id}`;
    const events = this.eventsFor(node.id, names);
    if (events === undefined) return null;
    if (events === null) {
      const schema = readerSchema(this.settings.model, node.id, this.settings.code);
      if (schema.kind === 'none') {
        this.problems.push(`the static DataFrame ${name} declares no schema (${schema.reason}), so no rows can be made up for it; give its rows with --events ${name}=PATH`);
        return null;
      }
      const count = this.settings.staticRows;
      const generator = new EventGenerator(schema.columns, defaultGeneratorOptions({ seed: this.settings.seed, lateShare: 0, outOfOrderShare: 0 }), `static ${name}`);
      const keyColumn = schema.columns.find((column) => /(^|_)id$|Id$|_key$/.test(column.name));
      const bound: BoundStatic = {
        name,
        schema: schema.columns,
        origin: `${count} generated rows (seed ${this.settings.seed})${keyColumn === undefined ? '' : `, one per ${keyColumn.name}`}`,
        load: () =>
          generator.rows(0, count).map((row, index) => (keyColumn === undefined ? row : { ...row, [keyColumn.name]: keyValue(keyColumn.name, keyColumn.type, index) })),
      };
      this.statics.push(bound);
      return bound;
    }
    // A static side read from an event file: every record, at once
    const opened = openSource({
      model: this.settings.model,
      node: node.id,
      code: this.settings.code,
      name,
      events,
      rowsPerBatch: Number.MAX_SAFE_INTEGER,
      generatedRows: 0,
      seed: this.settings.seed,
      epochUnit: this.settings.epochUnit,
      clock: this.settings.clock,
    });
    if (opened.kind === 'error') {
      this.problems.push(opened.message);
      return null;
    }
    const source = opened.opened.source;
    this.closers.push(opened.opened.close);
    const bound: BoundStatic = {
      name,
      schema: source.schema,
      origin: opened.opened.origin,
      load: () => {
        const end = source.latestOffset(0, { kind: 'all' });
        return [...source.getBatch(0, end)];
      },
    };
    this.notes.push(...opened.opened.notes);
    this.statics.push(bound);
    return bound;
  }

  /** Releases the event files the bound inputs hold open. */
  close(): void {
    for (const bound of this.sources) bound.opened.close();
    for (const close of this.closers) close();
  }

  /** `--events` bindings that named no source of the query. */
  unusedBindings(): string[] {
    return this.bindings.filter((binding) => !this.used.has(binding)).map((binding) => `${binding.source}=${binding.path}`);
  }

  /** The event path for a source: its binding, `events/<name>` beside the job, or null to generate; undefined after a problem. */
  private eventsFor(node: NodeId, names: readonly string[]): string | null | undefined {
    const matching = this.bindings.filter((binding) => names.includes(binding.source));
    if (matching.length > 1) {
      this.problems.push(`several --events name the source ${names[0] ?? node}: ${matching.map((binding) => binding.source).join(', ')}`);
      return undefined;
    }
    const binding = matching[0];
    if (binding !== undefined) {
      // A name shared by several sources must be rejected rather than bound to the first
      const candidates = this.settings.model.nodes.filter((candidate) => candidate.kind === 'source').map((candidate) => candidate.id);
      const match = matchBinding(this.settings.model, binding, candidates);
      if (match.kind === 'error') {
        this.problems.push(match.message);
        return undefined;
      }
      this.used.add(binding);
      return binding.path;
    }
    if (this.settings.file === null) return null;
    const directory = path.join(path.dirname(this.settings.file), 'events');
    for (const name of names) {
      if (name.includes('/')) continue;
      for (const extension of eventExtensions) {
        const candidate = path.join(directory, `${name}${extension}`);
        if (existsSync(candidate) && (extension !== '' || statSync(candidate).isDirectory())) {
          this.notes.push(`events for ${name}: ${candidate} (found beside the job; --events ${name}=PATH picks another)`);
          return candidate;
        }
      }
    }
    return null;
  }
}

function uniqueKey(name: string, taken: readonly string[]): string {
  if (!taken.includes(name)) return name;
  for (let suffix = 2; ; suffix++) if (!taken.includes(`${name}_${suffix}`)) return `${name}_${suffix}`;
}
