// The conformance scenario format (version 1): a PySpark query, its inputs fed
// step by step, and what Spark's own test asserts after each step. This file
// reads the JSON into typed steps and reports every malformed part.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonRow = Readonly<Record<string, Json>>;

export type AnswerScope = 'new' | 'all' | 'complete' | 'lastBatch';

export type Step =
  | { readonly kind: 'addData'; readonly rows: Readonly<Record<string, readonly JsonRow[]>> }
  | { readonly kind: 'addFiles'; readonly files: readonly { readonly name: string; readonly content: string }[] }
  | { readonly kind: 'advanceBatch' }
  | { readonly kind: 'advanceClockSeconds'; readonly seconds: number }
  | { readonly kind: 'checkAnswer'; readonly rows: readonly JsonRow[]; readonly scope: AnswerScope }
  | { readonly kind: 'checkWatermark'; readonly ms: number }
  | { readonly kind: 'checkBatchWatermark'; readonly ms: number }
  | { readonly kind: 'checkEventTimeStats'; readonly min: number | null; readonly max: number | null; readonly avg: number | null }
  | {
      readonly kind: 'checkStateRows';
      readonly total: readonly number[] | null;
      readonly updated: readonly number[] | null;
      readonly droppedByWatermark: readonly number[] | null;
    }
  | { readonly kind: 'checkDroppedByWatermark'; readonly lastDataBatch: readonly number[] }
  | { readonly kind: 'checkCustomMetric'; readonly metrics: Readonly<Record<string, readonly number[]>> }
  | { readonly kind: 'checkForeachBatch'; readonly batchId: number; readonly rows: readonly JsonRow[] }
  | { readonly kind: 'checkNumBatchesSinceLastCheck'; readonly count: number }
  | { readonly kind: 'stop' }
  | { readonly kind: 'start' }
  | { readonly kind: 'restart'; readonly clearSink: boolean }
  | { readonly kind: 'deleteLatestCommit' }
  | { readonly kind: 'deleteAllCommits' }
  /** Not in Spark's harness: replace a static table's rows (the frozen-cache pitfall). */
  | { readonly kind: 'setStatic'; readonly tables: Readonly<Record<string, readonly JsonRow[]>> };

export interface LocatedStep {
  readonly index: number;
  readonly step: Step;
  readonly note: string | null;
}

export interface Scenario {
  readonly name: string;
  readonly source: string | null;
  readonly pipeline: string;
  /** The language of `pipeline`: `python` (PySpark, the default) or `scala`. */
  readonly language: PipelineLanguage;
  /** Column types per input (`events` for a single input). */
  readonly schemas: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly inputs: readonly string[];
  readonly multiInput: boolean;
  readonly outputMode: string;
  readonly config: Readonly<Record<string, Json>>;
  readonly steps: readonly LocatedStep[];
}

export type PipelineLanguage = 'python' | 'scala';

/** The optional `language` field of a scenario: `python` when absent, `null` when it names another language. */
export function scenarioLanguage(input: Readonly<Record<string, unknown>>): PipelineLanguage | null {
  const language = input['language'];
  if (language === undefined) return 'python';
  return language === 'python' || language === 'scala' ? language : null;
}

export type ParseScenarioResult = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly problems: readonly string[] };

function isObject(value: unknown): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isRows(value: unknown): value is JsonRow[] {
  return Array.isArray(value) && value.every(isObject);
}

function numbers(value: unknown): number[] | null {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
  return null;
}

export function parseScenario(input: unknown): ParseScenarioResult {
  const problems: string[] = [];
  if (!isObject(input)) return { ok: false, problems: ['a scenario must be a JSON object'] };
  const name = typeof input['name'] === 'string' ? input['name'] : '(unnamed)';
  const pipeline = input['pipeline'];
  const language = scenarioLanguage(input);
  if (language === null) problems.push('"language" must be "python" or "scala"');
  if (typeof pipeline !== 'string') problems.push(`"pipeline" must be a string of ${language === 'scala' ? 'Scala Spark' : 'PySpark'} code`);
  const rawInputs = input['inputs'];
  const multiInput = Array.isArray(rawInputs);
  const inputs = multiInput ? (rawInputs as Json[]).filter((i): i is string => typeof i === 'string') : ['events'];
  const schemaValue = input['schema'];
  const schemas: Record<string, Record<string, string>> = {};
  if (!isObject(schemaValue)) {
    problems.push('"schema" must be an object');
  } else if (multiInput) {
    for (const inputName of inputs) {
      const inner = schemaValue[inputName];
      if (!isObject(inner)) problems.push(`"schema" has no column types for input "${inputName}"`);
      else schemas[inputName] = Object.fromEntries(Object.entries(inner).map(([k, v]) => [k, String(v)]));
    }
  } else {
    schemas['events'] = Object.fromEntries(Object.entries(schemaValue).map(([k, v]) => [k, String(v)]));
  }
  const config = isObject(input['config']) ? input['config'] : {};
  const outputMode = typeof input['outputMode'] === 'string' ? input['outputMode'] : 'append';
  const steps: LocatedStep[] = [];
  const rawSteps = input['steps'];
  if (!Array.isArray(rawSteps)) problems.push('"steps" must be an array');
  (Array.isArray(rawSteps) ? rawSteps : []).forEach((raw, index) => {
    const where = `step ${index + 1}`;
    if (!isObject(raw)) {
      problems.push(`${where} must be an object`);
      return;
    }
    const note = typeof raw['note'] === 'string' ? raw['note'] : null;
    const step = parseStep(raw, inputs, multiInput, where, problems);
    if (step !== null) steps.push({ index, step, note });
  });
  if (problems.length > 0 || typeof pipeline !== 'string' || language === null) return { ok: false, problems };
  return {
    ok: true,
    scenario: {
      name,
      source: typeof input['source'] === 'string' ? input['source'] : null,
      pipeline,
      language,
      schemas,
      inputs,
      multiInput,
      outputMode,
      config,
      steps,
    },
  };
}

const stepKeys = [
  'addData',
  'addFiles',
  'advanceBatch',
  'advanceClockSeconds',
  'checkAnswer',
  'checkWatermark',
  'checkBatchWatermark',
  'checkEventTimeStats',
  'checkStateRows',
  'checkDroppedByWatermark',
  'checkCustomMetric',
  'checkForeachBatch',
  'checkNumBatchesSinceLastCheck',
  'stop',
  'start',
  'restart',
  'deleteLatestCommit',
  'deleteAllCommits',
  'setStatic',
];

function parseStep(raw: Record<string, Json>, inputs: readonly string[], multiInput: boolean, where: string, problems: string[]): Step | null {
  const key = stepKeys.find((k) => k in raw);
  if (key === undefined) {
    problems.push(`${where}: unknown step kind (keys: ${Object.keys(raw).join(', ')}); expected one of ${stepKeys.join(', ')}`);
    return null;
  }
  const value = raw[key];
  const bad = (what: string): null => {
    problems.push(`${where} (${key}): ${what}`);
    return null;
  };
  switch (key) {
    case 'addData': {
      if (isRows(value)) {
        if (multiInput) return bad('a multi-input scenario needs {"<input>": [rows]}');
        return { kind: 'addData', rows: { events: value } };
      }
      if (!isObject(value)) return bad('expected [rows] or {"<input>": [rows]}');
      const rows: Record<string, JsonRow[]> = {};
      for (const [input, list] of Object.entries(value)) {
        if (!inputs.includes(input)) return bad(`unknown input "${input}" (inputs: ${inputs.join(', ')})`);
        if (!isRows(list)) return bad(`rows for "${input}" must be an array of objects`);
        rows[input] = list;
      }
      return { kind: 'addData', rows };
    }
    case 'addFiles': {
      if (!Array.isArray(value)) return bad('expected [{"name", "content"}]');
      const files: { name: string; content: string }[] = [];
      for (const file of value) {
        if (!isObject(file) || typeof file['name'] !== 'string') return bad('each file needs a "name"');
        files.push({ name: file['name'], content: typeof file['content'] === 'string' ? file['content'] : JSON.stringify(file['content'] ?? '') });
      }
      return { kind: 'addFiles', files };
    }
    case 'advanceBatch':
      return { kind: 'advanceBatch' };
    case 'advanceClockSeconds':
      return typeof value === 'number' ? { kind: 'advanceClockSeconds', seconds: value } : bad('expected a number of seconds');
    case 'checkAnswer': {
      if (!isRows(value)) return bad('expected an array of row objects');
      const scope = raw['scope'] ?? 'all';
      if (scope !== 'new' && scope !== 'all' && scope !== 'complete' && scope !== 'lastBatch') return bad(`unknown scope ${JSON.stringify(scope)}`);
      return { kind: 'checkAnswer', rows: value, scope };
    }
    case 'checkWatermark':
    case 'checkBatchWatermark':
      return typeof value === 'number' ? { kind: key, ms: value } : bad('expected milliseconds');
    case 'checkEventTimeStats': {
      if (!isObject(value)) return bad('expected {"min", "max", "avg"}');
      const get = (k: string) => (typeof value[k] === 'number' ? (value[k] as number) : null);
      return { kind: 'checkEventTimeStats', min: get('min'), max: get('max'), avg: get('avg') };
    }
    case 'checkStateRows': {
      if (!isObject(value)) return bad('expected {"total", "updated", "droppedByWatermark"}');
      const list = (k: string) => (value[k] === undefined ? null : numbers(value[k]));
      return { kind: 'checkStateRows', total: list('total'), updated: list('updated'), droppedByWatermark: list('droppedByWatermark') };
    }
    case 'checkDroppedByWatermark': {
      const list = isObject(value) ? numbers(value['lastDataBatch']) : numbers(value);
      return list === null ? bad('expected {"lastDataBatch": [counts]}') : { kind: 'checkDroppedByWatermark', lastDataBatch: list };
    }
    case 'checkCustomMetric': {
      if (!isObject(value)) return bad('expected {"<metric>": value or [values]}');
      const metrics: Record<string, number[]> = {};
      const named = typeof value['name'] === 'string' ? value['name'] : typeof value['metric'] === 'string' ? value['metric'] : null;
      if (named !== null) {
        // {"metric": "...", "value": n, "operator": i}: the operator defaults to the one nearest the sink
        const list = numbers(value['value'] ?? value['expected']);
        if (list === null) return bad('"value" must be a number or a list');
        const operator = typeof value['operator'] === 'number' ? value['operator'] : 0;
        metrics[named] = list.length === 1 && operator > 0 ? [...Array.from({ length: operator }, () => Number.NaN), ...list] : list;
      } else {
        for (const [metric, v] of Object.entries(value)) {
          const list = numbers(v);
          if (list === null) return bad(`metric "${metric}" must be a number or a list`);
          metrics[metric] = list;
        }
      }
      return { kind: 'checkCustomMetric', metrics };
    }
    case 'checkForeachBatch': {
      if (!isObject(value) || typeof value['batchId'] !== 'number' || !isRows(value['rows'])) return bad('expected {"batchId": n, "rows": [rows]}');
      return { kind: 'checkForeachBatch', batchId: value['batchId'], rows: value['rows'] };
    }
    case 'checkNumBatchesSinceLastCheck':
      return typeof value === 'number' ? { kind: 'checkNumBatchesSinceLastCheck', count: value } : bad('expected a number');
    case 'stop':
      return { kind: 'stop' };
    case 'start':
      return { kind: 'start' };
    case 'restart':
      return { kind: 'restart', clearSink: isObject(value) && value['clearSink'] === true };
    case 'deleteLatestCommit':
      return { kind: 'deleteLatestCommit' };
    case 'deleteAllCommits':
      return { kind: 'deleteAllCommits' };
    case 'setStatic': {
      if (!isObject(value)) return bad('expected {"<name>": [rows]}');
      const tables: Record<string, JsonRow[]> = {};
      for (const [name, rows] of Object.entries(value)) {
        if (!isRows(rows)) return bad(`rows for "${name}" must be an array of objects`);
        tables[name] = rows;
      }
      return { kind: 'setStatic', tables };
    }
    default:
      return bad('unknown step');
  }
}
