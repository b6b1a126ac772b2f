// A conformance scenario (../scenarios format, version 1) as simulation input
// for `whirlpool simulate --scenario`: its pipeline, one inline source per
// input (`events`, or `events_<input>`), its static rows, and its `addData`
// steps as the row groups to feed, one group per trigger. Checks are ignored
// here; `whirlpool test` runs them.

import type { Row } from '../engine/source';
import { scenarioLanguage, type PipelineLanguage } from '../scenario/scenario';
import { InlineSource } from './inline-source';

export type ScenarioInputs =
  | {
      readonly kind: 'inputs';
      readonly pipeline: string;
      readonly language: PipelineLanguage;
      readonly sources: Readonly<Record<string, InlineSource>>;
      readonly statics: Readonly<Record<string, readonly Row[]>>;
      /** Rows to add per source key, one entry per `addData` step. */
      readonly steps: readonly Readonly<Record<string, readonly Row[]>>[];
      readonly origins: readonly string[];
    }
  | { readonly kind: 'error'; readonly message: string };

export function scenarioInputs(json: unknown): ScenarioInputs {
  if (!isRecord(json)) return { kind: 'error', message: 'a scenario must be a JSON object' };
  const pipeline = json['pipeline'];
  if (typeof pipeline !== 'string') return { kind: 'error', message: 'the scenario has no "pipeline" text' };
  const language = scenarioLanguage(json);
  if (language === null) return { kind: 'error', message: 'the scenario\'s "language" must be "python" or "scala"' };
  const schema = json['schema'];
  if (!isRecord(schema)) return { kind: 'error', message: 'the scenario has no "schema"' };
  const inputs = Array.isArray(json['inputs']) ? json['inputs'].filter((input): input is string => typeof input === 'string') : null;
  const sources: Record<string, InlineSource> = {};
  const keyOf = new Map<string, string>();
  if (inputs === null) {
    sources['events'] = new InlineSource('events', columns(schema));
    keyOf.set('events', 'events');
  } else {
    for (const input of inputs) {
      const inputSchema = schema[input];
      if (!isRecord(inputSchema)) return { kind: 'error', message: `the scenario has no schema for input "${input}"` };
      sources[`events_${input}`] = new InlineSource(`events_${input}`, columns(inputSchema));
      keyOf.set(input, `events_${input}`);
    }
  }
  const config = isRecord(json['config']) ? json['config'] : {};
  const statics: Record<string, readonly Row[]> = {};
  if (isRecord(config['static'])) {
    for (const [name, rows] of Object.entries(config['static'])) if (Array.isArray(rows)) statics[name] = rows.filter(isRecord);
  }
  const steps: Record<string, readonly Row[]>[] = [];
  for (const step of Array.isArray(json['steps']) ? json['steps'] : []) {
    if (!isRecord(step) || step['addData'] === undefined) continue;
    const data = step['addData'];
    if (Array.isArray(data)) steps.push({ [keyOf.get('events') ?? 'events']: data.filter(isRecord) });
    else if (isRecord(data)) {
      const group: Record<string, readonly Row[]> = {};
      for (const [input, rows] of Object.entries(data)) {
        const key = keyOf.get(input);
        if (key === undefined) return { kind: 'error', message: `addData names the unknown input "${input}"` };
        if (Array.isArray(rows)) group[key] = rows.filter(isRecord);
      }
      steps.push(group);
    }
  }
  const origins = Object.keys(sources).map((key) => `${key}: rows of the scenario's addData steps (${steps.length} steps)`);
  return { kind: 'inputs', pipeline, language, sources, statics, steps, origins };
}

function columns(schema: Record<string, unknown>): { name: string; type: string }[] {
  return Object.entries(schema).map(([name, type]) => ({ name, type: String(type) }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
