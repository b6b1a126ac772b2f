// Fixes for checkpoint locations: add a missing one under the configured
// root, move one off S3 or off a local or temporary path to the configured
// root, or switch S3 checkpoints to the abortable checkpoint file manager
// (Spark 3.4+).

import type { Fix, FixSettings } from '../analysis/types';
import type { Located, Loop, StreamWriter, Value } from '../model/pipeline';
import type { Language } from '../rules/spelling';
import { findOption, stringPrefix } from '../rules/query';
import { insertBeforeStep, pythonString } from './chain-edit';
import { indentAt, scanPythonLines, statementLineStart } from './python-lines';

export const abortableManager = 'org.apache.spark.internal.io.cloud.AbortableStreamBasedCheckpointFileManager';

/**
 * `.option("checkpointLocation", "<root>/<name>")` before the writer's
 * `start()`/`toTable()`. `writers` are the file's started streaming queries.
 * The name is the query name, else the last segment of the sink path or
 * table, else the sink format; see `plannedCheckpoints` for how two queries
 * deriving one name are kept apart, and for queries started in a loop.
 */
export function addCheckpointFix(writer: StreamWriter, writers: readonly StreamWriter[], loops: readonly Loop[], language: Language, settings: FixSettings, text: string): Fix | null {
  const start = writer.start;
  if (!start) return null;
  const planned = plannedCheckpoints(writers, loops, language, settings.checkpointRoot, text).get(start.span.start);
  if (!planned) return null;
  return {
    title: `Add .option("checkpointLocation", ${planned.written})`,
    safety: 'unsafe',
    edits: () => [insertBeforeStep(text, start.span.start, `.option("checkpointLocation", ${planned.written})`)],
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

/** A checkpoint the fix gives a query: the directory, and the expression written for it. */
export interface PlannedCheckpoint {
  readonly location: string;
  /** `"<root>/events"`; in a loop `f"<root>/out/{topic}"` (Scala `s"<root>/out/$topic"`). */
  readonly written: string;
}

/**
 * The checkpoint the fix gives each query without one, by the offset of its
 * `start()`, planned by `planNames`: each gets the first of `<name>`,
 * `<name>_2`, ... that is not, and does not hold, another query's
 * checkpoint, and that no earlier query got. A query started in a `for` loop
 * gets a directory per iteration, `<root>/<name>/{variable}`, its name read
 * from the constant part of the path as written; one in a `while` loop, or
 * one call site that starts several queries (a function called twice), gets
 * none (null): one literal would be shared.
 */
export function plannedCheckpoints(writers: readonly StreamWriter[], loops: readonly Loop[], language: Language, root: string, text: string): ReadonlyMap<number, PlannedCheckpoint | null> {
  let byRoot = plansByWriters.get(writers);
  if (!byRoot) {
    byRoot = new Map();
    plansByWriters.set(writers, byRoot);
  }
  const cached = byRoot.get(root);
  if (cached) return cached;
  const taken = new Set(writers.flatMap((other) => {
    const value = findOption(other.options, 'checkpointLocation')?.value.value;
    if (value?.kind === 'string') return [value.value.replace(/\/+$/, '')];
    // A per-iteration checkpoint `f"<root>/out/{topic}"` holds `<root>/out`.
    if (value?.kind === 'template' && value.prefix.includes('/')) return [value.prefix.slice(0, value.prefix.lastIndexOf('/')).replace(/\/+$/, '')];
    return [];
  }));
  const unfixed = writers.filter((other) => other.start !== null && !findOption(other.options, 'checkpointLocation'));
  const trimmedRoot = root.replace(/\/+$/, '');
  const locations = planNames(unfixed, loops, {
    taken,
    // A directory holding another query's checkpoint is not free either (a loop's `<root>/out/clicks` holds `<root>/out`).
    used: (candidate, names) => names.has(candidate) || [...names].some((other) => other.startsWith(`${candidate}/`)),
    base: (other, loopVariables) => ({ name: `${trimmedRoot}/${loopVariables === null ? checkpointName(other) : loopName(other, text)}`, variable: loopVariables?.[0] ?? null }),
  });
  const plan = new Map<number, PlannedCheckpoint | null>();
  for (const [offset, planned] of locations) plan.set(offset, planned && { location: planned.name, written: written(planned.name, planned.variable, language) });
  byRoot.set(root, plan);
  return plan;
}

/** Plans are asked for once per query of a file: computed once per model and root. */
const plansByWriters = new WeakMap<readonly StreamWriter[], Map<string, ReadonlyMap<number, PlannedCheckpoint | null>>>();

/** A name planned for a query: in a `for` loop, written per iteration with the loop's variable. */
export interface PlannedName {
  readonly name: string;
  /** The loop variable the name is written with, null outside loops. */
  readonly variable: string | null;
}

export interface NamePolicy {
  /** Names other queries hold already. */
  readonly taken: ReadonlySet<string>;
  /** Whether a candidate clashes with one of `names` (the taken ones and those planned so far). */
  readonly used: (candidate: string, names: ReadonlySet<string>) => boolean;
  /**
   * The name a query derives outside loops (`loopVariables` null), or in a
   * `for` loop binding `loopVariables` with the variable its name is written
   * with per iteration; null: no name fits.
   */
  readonly base: (writer: StreamWriter, loopVariables: readonly string[] | null) => { readonly name: string; readonly variable: string | null } | null;
}

/**
 * A distinct name for each of `unfixed` (the queries a fix names), by the
 * offset of its `start()`. Queries are taken in source order, and each gets
 * the first of `<base>`, `<base>_2`, `<base>_3`, ... that `policy.used`
 * finds free of the taken names and of those planned for earlier queries.
 * Fixing one query makes its plan a taken name, which leaves every other
 * query's plan as it was: fixing all at once or one by one, in any order,
 * gives the same names. A query in a `while` loop, in a `for` loop binding
 * no plain name, or at a call site starting several queries (a function
 * called twice) gets null: one literal would be shared.
 */
export function planNames(unfixed: readonly StreamWriter[], loops: readonly Loop[], policy: NamePolicy): ReadonlyMap<number, PlannedName | null> {
  const ordered = [...unfixed].sort((a, b) => (a.start?.span.start ?? 0) - (b.start?.span.start ?? 0));
  const names = new Set(policy.taken);
  const plan = new Map<number, PlannedName | null>();
  for (const writer of ordered) {
    const offset = writer.start?.span.start ?? 0;
    if (plan.has(offset)) continue;
    const loop = loops.find((candidate) => candidate.span.start <= offset && offset < candidate.span.end);
    const sameCall = ordered.filter((candidate) => candidate.start?.span.start === offset).length;
    const base = loop?.keyword === 'while' || (!loop && sameCall > 1) ? null : policy.base(writer, loop ? loop.variables : null);
    if (base === null || (loop !== undefined && (base.variable === null || !/^[A-Za-z_]\w*$/.test(base.variable)))) {
      plan.set(offset, null);
      continue;
    }
    let name = base.name;
    for (let suffix = 2; policy.used(name, names); suffix++) name = `${base.name}_${suffix}`;
    names.add(name);
    plan.set(offset, { name, variable: loop ? base.variable : null });
  }
  return plan;
}

/** The location as a literal, or per loop iteration through the loop's variable. */
function written(location: string, variable: string | null, language: Language): string {
  if (variable === null) return pythonString(location);
  return language === 'scala' ? `s${JSON.stringify(`${location.replace(/\$/g, '$$$$')}/$${variable}`)}` : `f${JSON.stringify(`${location.replace(/[{}]/g, '$&$&')}/{${variable}}`)}`;
}

/**
 * A name for a query started in a loop, from the constant text of its query
 * name or sink path as written, up to the first hole (`f"/out/{topic}"`
 * gives `out`): the evaluated value holds one iteration's value.
 */
export function loopName(writer: StreamWriter, text: string): string {
  for (const located of [writer.queryName, writer.start?.target]) {
    if (!located) continue;
    const source = text.slice(located.span.start, located.span.end);
    const opening = /^([a-zA-Z]*)("""|'''|"|')/.exec(source);
    if (!opening) continue;
    const body = source.slice(opening[0].length);
    const close = body.indexOf(opening[2] ?? '"');
    const interpolated = /[fFs]/.test(opening[1] ?? '');
    const hole = interpolated ? body.search(opening[1] === 's' ? /\$/ : /\{/) : -1;
    let constant = body.slice(0, close < 0 ? body.length : close);
    if ((hole >= 0 && hole < constant.length) || close < body.length - (opening[2] ?? '"').length) {
      // A hole or a concatenation follows: the segment it completes is not the name.
      constant = constant.slice(0, hole >= 0 && hole < constant.length ? hole : constant.length);
      constant = constant.slice(0, constant.lastIndexOf('/') + 1);
    }
    const segments = constant.split(/[/\\:.]/).filter((segment) => segment.trim() !== '');
    const name = sanitize(segments[segments.length - 1] ?? '');
    if (name !== '') return name;
  }
  return sanitize(writer.format?.value ?? '') || 'query';
}

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
