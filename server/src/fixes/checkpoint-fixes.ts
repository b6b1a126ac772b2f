// Fixes for checkpoint locations: add a missing one under the configured
// root, move one off S3 or off a local or temporary path to the configured
// root, or switch S3 checkpoints to the abortable checkpoint file manager
// (Spark 3.4+).

import type { Fix, FixSettings } from '../analysis/types';
import type { Located, StreamWriter, Value } from '../model/pipeline';
import { findOption, stringPrefix } from '../rules/query';
import { insertBeforeStep, pythonString } from './chain-edit';
import { indentAt, scanPythonLines, statementLineStart } from './python-lines';

export const abortableManager = 'org.apache.spark.internal.io.cloud.AbortableStreamBasedCheckpointFileManager';

/**
 * `.option("checkpointLocation", "<root>/<name>")` before the writer's
 * `start()`/`toTable()`. `writers` are the file's started streaming queries.
 * The name is the query name, else the last segment of the sink path or
 * table, else the sink format; see `plannedCheckpoints` for how two queries
 * deriving one name are kept apart.
 */
export function addCheckpointFix(writer: StreamWriter, writers: readonly StreamWriter[], settings: FixSettings, text: string): Fix | null {
  const start = writer.start;
  if (!start) return null;
  const location = plannedCheckpoints(writers, settings.checkpointRoot).get(start.span.start);
  if (location === undefined) return null;
  return {
    title: `Add .option("checkpointLocation", "${location}")`,
    safety: 'unsafe',
    edits: () => [insertBeforeStep(text, start.span.start, `.option("checkpointLocation", ${pythonString(location)})`)],
  };
}

/** Replaces `s3a://bucket` at the front of a checkpoint path with the configured root, keeping the rest of the path. */
export function moveCheckpointFix(location: Located<Value>, settings: FixSettings, text: string): Fix | null {
  const prefix = stringPrefix(location.value);
  const scheme = prefix === null ? null : /^s3[an]?:\/\/[^/]*/i.exec(prefix.trim());
  if (!scheme) return null;
  const written = text.slice(location.span.start, location.span.end);
  const at = written.indexOf(scheme[0]);
  if (at < 0) return null;
  const root = settings.checkpointRoot.replace(/\/+$/, '');
  if (/^s3[an]?:/i.test(root)) return null;
  const start = location.span.start + at;
  return {
    title: `Move the checkpoint from ${scheme[0]} to ${root}`,
    safety: 'unsafe',
    edits: () => [{ span: { start, end: start + scheme[0].length }, newText: root }],
  };
}

/**
 * Moves a checkpoint on a local, temporary or relative path under the
 * configured root, keeping the rest of the path: `/tmp/chk/events` becomes
 * `<root>/chk/events`, `file:///data/chk` becomes `<root>/data/chk` and
 * `chk/events` becomes `<root>/chk/events`. Only the constant text at the
 * front of the literal is rewritten, so an f-string keeps its holes; a path
 * that is nothing but a temporary directory gets `fallbackName` after the root.
 */
export function moveEphemeralCheckpointFix(location: Located<Value>, settings: FixSettings, text: string, fallbackName: string): Fix | null {
  const prefix = stringPrefix(location.value);
  if (prefix === null) return null;
  const written = text.slice(location.span.start, location.span.end);
  const quote = /^[a-zA-Z]*("""|'''|"|')/.exec(written);
  if (!quote) return null;
  const contentStart = quote[0].length;
  // The local part to drop: a file: scheme, a temporary directory, then any leading slashes or ./ segments.
  const local = /^(?:file:(?:\/\/)?)?(?:\/(?:tmp|var\/tmp|dev\/shm)(?=\/|$))?(?:\/|\.\/)*/i.exec(prefix)?.[0] ?? '';
  if (!written.startsWith(local, contentStart)) return null;
  const root = settings.checkpointRoot.replace(/\/+$/, '');
  const rest = prefix.slice(local.length);
  const start = location.span.start + contentStart;
  const newText = rest === '' && location.value.kind === 'string' ? `${root}/${fallbackName}` : `${root}/`;
  return {
    title: `Move the checkpoint under ${root}`,
    safety: 'unsafe',
    edits: () => [{ span: { start, end: start + local.length }, newText }],
  };
}

/**
 * `spark.conf.set("spark.sql.streaming.checkpointFileManagerClass", <abortable manager>)`
 * on its own line above the statement at `offset`. Needs the name the file
 * gives its session; none found, no fix.
 */
export function abortableManagerFix(offset: number, text: string): Fix | null {
  const session = sessionName(text);
  if (!session) return null;
  return {
    title: 'Use the abortable checkpoint file manager (Spark 3.4+, needs spark-hadoop-cloud)',
    safety: 'unsafe',
    // Scanning the file's lines is the costly part: done only when the edit is asked for.
    edits: () => {
      const lineStart = statementLineStart(scanPythonLines(text), offset);
      return [
        {
          span: { start: lineStart, end: lineStart },
          newText: `${indentAt(text, lineStart)}${session}.conf.set("spark.sql.streaming.checkpointFileManagerClass", ${pythonString(abortableManager)})\n`,
        },
      ];
    },
  };
}

/**
 * The location the fix gives each query without a checkpoint, by the offset
 * of its `start()` (one call site run several times is one query to fix).
 * Queries are taken in source order, and each gets the first of `<name>`,
 * `<name>_2`, `<name>_3`, ... that no other query's literal checkpoint is and
 * no earlier query got. Fixing one query turns its planned location into a
 * literal one, which leaves every other query's plan as it was: fixing all at
 * once or one by one, in any order, gives the same distinct locations.
 */
export function plannedCheckpoints(writers: readonly StreamWriter[], root: string): ReadonlyMap<number, string> {
  let byRoot = plansByWriters.get(writers);
  if (!byRoot) {
    byRoot = new Map();
    plansByWriters.set(writers, byRoot);
  }
  const cached = byRoot.get(root);
  if (cached) return cached;
  const taken = new Set(writers.flatMap((other) => {
    const value = findOption(other.options, 'checkpointLocation')?.value.value;
    return value?.kind === 'string' ? [value.value.replace(/\/+$/, '')] : [];
  }));
  const unfixed = writers.filter((other) => other.start !== null && !findOption(other.options, 'checkpointLocation')).sort((a, b) => (a.start?.span.start ?? 0) - (b.start?.span.start ?? 0));
  const plan = new Map<number, string>();
  const trimmedRoot = root.replace(/\/+$/, '');
  for (const other of unfixed) {
    const offset = other.start?.span.start ?? 0;
    if (plan.has(offset)) continue;
    const base = `${trimmedRoot}/${checkpointName(other)}`;
    let location = base;
    for (let suffix = 2; taken.has(location); suffix++) location = `${base}_${suffix}`;
    taken.add(location);
    plan.set(offset, location);
  }
  byRoot.set(root, plan);
  return plan;
}

/** Plans are asked for once per query of a file: computed once per model and root. */
const plansByWriters = new WeakMap<readonly StreamWriter[], Map<string, ReadonlyMap<number, string>>>();

/** A name for a query's own directory: its query name, else the last segment of its sink path or table, else its sink format. */
export function checkpointName(writer: StreamWriter): string {
  const candidates: (Value | undefined)[] = [writer.queryName?.value, writer.start?.target?.value];
  for (const value of candidates) {
    if (value?.kind !== 'string') continue;
    const segments = value.value.split(/[/\\:.]/).filter((segment) => segment.trim() !== '');
    const name = sanitize(segments[segments.length - 1] ?? '');
    if (name !== '') return name;
  }
  return sanitize(writer.format?.value ?? '') || 'query';
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
}

/** The variable the file binds its SparkSession to (`spark = SparkSession.builder...`), else `spark` when the file uses it. */
export function sessionName(text: string): string | null {
  const bound = /^[ \t]*([A-Za-z_]\w*)\s*=\s*\(?\s*SparkSession\b/m.exec(text);
  if (bound?.[1]) return bound[1];
  return /\bspark\.(readStream|read|conf|sql)\b/.test(text) ? 'spark' : null;
}
