// Every fix on every Scala fixture writes code scalac would accept as far as
// names and shapes go: the fix check only asks that the result parses. Each
// fix is applied and what it added to the file is checked:
// - a type or object it adds (`Trigger`, `OutputMode`, `DataFrame`,
//   `GroupStateTimeout`, ...) is imported or written with its package;
// - a bare call it adds names a column function the file's imports reach
//   (the functions wildcard, or the name imported), or something the file
//   defines; a `functions.` call needs the object imported;
// - a `$"c"` column it adds has a session's implicits imported in a block
//   around it (imports are lexically scoped), a `spark.conf.set(...)` its
//   session;
// - no statement outside a definition, no `val` declared twice in one block,
//   no foreachBatch block whose batch id is not a Long, no writer left
//   without its start(), no Python spelling.
// The checks read the text, not the fixes' code, so a future fix that
// forgets an import fails here.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Fix } from '../../server/src/analysis/types';
import { scalaParseText } from '../../server/src/scala/read-tree';
import { createParser, type Parser, type SyntaxNode } from '../../server/src/syntax/tree-sitter';
import { applyFix, findingsOf, fixtureLanguages, fixtureSettingsFor } from '../fixes/fix-harness';

/** Types and objects fixes write, by the package that holds them. */
const packages: Readonly<Record<string, string>> = {
  Trigger: 'org.apache.spark.sql.streaming',
  OutputMode: 'org.apache.spark.sql.streaming',
  GroupStateTimeout: 'org.apache.spark.sql.streaming',
  GroupState: 'org.apache.spark.sql.streaming',
  DataFrame: 'org.apache.spark.sql',
  Dataset: 'org.apache.spark.sql',
  Column: 'org.apache.spark.sql',
  Row: 'org.apache.spark.sql',
  StorageLevel: 'org.apache.spark.storage',
  Window: 'org.apache.spark.sql.expressions',
};

/** Members of `org.apache.spark.sql.functions` a fix could call bare. */
const sparkFunctions = new Set([
  'approx_count_distinct', 'array', 'asc', 'avg', 'broadcast', 'coalesce', 'col', 'collect_list', 'collect_set', 'column', 'concat', 'count',
  'countDistinct', 'count_distinct', 'current_timestamp', 'date_format', 'dense_rank', 'desc', 'explode', 'expr', 'first', 'from_json', 'greatest',
  'lag', 'last', 'lead', 'least', 'lit', 'max', 'min', 'monotonically_increasing_id', 'rand', 'rank', 'row_number', 'session_window',
  'struct', 'sum', 'timestamp_millis', 'timestamp_seconds', 'to_date', 'to_json', 'to_timestamp', 'unix_timestamp', 'uuid', 'when', 'window',
]);

/** Lower-case names a Scala file calls without defining or importing them. */
const scalaBuiltins = new Set(['if', 'for', 'while', 'catch', 'match', 'return', 'throw', 'yield', 'println', 'print', 'require', 'assert', 'classOf', 'super', 'this']);

/** Spellings only Python has: its constants, `#` comments, f-strings, `def f(...):`, lambdas. */
const pythonSpelling = /\b(?:True|False)\b|\w\s*=\s*None\b|^[ \t]*#|\bf"|\bdef\s+\w+\s*\([^)]*\)\s*:\s*$|\blambda\b/m;

/** Top-level nodes a compiled Scala file may hold: anything else is a statement outside a definition. */
const topLevel = new Set(['package_clause', 'import_declaration', 'comment', 'block_comment', 'object_definition', 'class_definition', 'trait_definition', 'package_object', 'enum_definition']);

const blocks = new Set(['compilation_unit', 'template_body', 'block', 'indented_block']);

export interface FixText {
  readonly original: string;
  readonly fixed: string;
  /** Where the fix's first edit starts in the original text (and in the fixed one). */
  readonly start: number;
  /** The text the fix's edits insert, joined. */
  readonly added: string;
}

/** What is wrong with the code a fix added, one line per problem. */
export function problemsOf(fix: FixText, parser: Parser): string[] {
  const problems: string[] = [];
  const before = code(fix.original);
  const after = code(fix.fixed);

  for (const [name, pack] of Object.entries(packages)) {
    const bare = new RegExp(`(?<![\\w.$])${name}\\b(?!\\s*=>)`, 'g');
    if (count(after, bare) > count(before, bare) && !imports(fix.fixed, pack, name)) problems.push(`${name} is used but neither imported from ${pack} nor written as ${pack}.${name}`);
  }

  const callsBefore = bareCalls(before);
  const defined = definedNames(after);
  for (const [name, times] of bareCalls(after)) {
    if (times <= (callsBefore.get(name) ?? 0)) continue;
    if (sparkFunctions.has(name) && !defined.has(name)) {
      if (!reachesFunction(fix.fixed, name)) problems.push(`${name}(...) is called but the file's imports do not reach org.apache.spark.sql.functions.${name}`);
    } else if (!defined.has(name) && !scalaBuiltins.has(name)) {
      problems.push(`${name}(...) is called but the file neither defines nor imports ${name}`);
    }
  }

  const qualified = /(?<![\w.])functions\s*\.\s*\w/g;
  if (count(after, qualified) > count(before, qualified) && !imports(fix.fixed, 'org.apache.spark.sql', 'functions')) {
    problems.push('functions.x(...) is called but the functions object is not imported');
  }

  const dollar = /(?<![\w$])\$"/g;
  if (count(fix.fixed, dollar) > count(fix.original, dollar) && !implicitsInScope(parser, fix.fixed, fix.start)) {
    problems.push('$"c" is written where no session\'s implicits are imported');
  }

  for (const match of code(fix.added).matchAll(/(?<![\w.])([A-Za-z_]\w*)\s*\.\s*conf\s*\.\s*set\s*\(/g)) {
    const session = match[1] ?? '';
    // A name the file never declares is a notebook's or the shell's own `spark`.
    if (new RegExp(`\\b(?:val|var)\\s+${session}\\b|[(,]\\s*${session}\\s*:`).test(fix.original) && !declaredInScope(parser, fix.fixed, fix.start, session)) {
      problems.push(`${session}.conf.set(...) is written where ${session} is not in scope`);
    }
  }

  if (pythonSpelling.test(code(fix.added))) problems.push(`Python spelling in ${JSON.stringify(fix.added)}`);

  for (const match of fix.added.matchAll(/foreachBatch\s*\{\s*\(\s*\w+\s*:\s*([\w.[\]]+)\s*,\s*\w+\s*:\s*([\w.]+)\s*\)\s*=>/g)) {
    if (!/^(?:(?:org\.apache\.spark\.sql\.)?DataFrame|Dataset\[\w+\])$/.test(match[1] ?? '')) problems.push(`a foreachBatch block takes its batch as ${match[1]}, not a DataFrame`);
    if (match[2] !== 'Long') problems.push(`a foreachBatch block takes its batch id as ${match[2]}, not a Long`);
  }

  const writers = (text: string) => count(text, /\.\s*writeStream\b/g) - count(text, /\.\s*(?:start|toTable)\b/g);
  if (writers(after) > writers(before)) problems.push('a writeStream chain lost its start()');

  const shapeBefore = shapeOf(parser, fix.original);
  const shapeAfter = shapeOf(parser, fix.fixed);
  if (shapeBefore.statementsOutside === 0 && shapeAfter.statementsOutside > 0) problems.push('a statement outside any object or class');
  for (const name of shapeAfter.declaredTwice) if (!shapeBefore.declaredTwice.includes(name)) problems.push(`val ${name} declared twice in one block`);
  return problems;
}

/** The text with strings and comments blanked (same offsets), so names inside them do not count. */
function code(text: string): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const rest = text.slice(index, index + 3);
    if (rest.startsWith('//')) {
      const end = text.indexOf('\n', index);
      const stop = end < 0 ? text.length : end;
      result += ' '.repeat(stop - index);
      index = stop;
    } else if (rest.startsWith('/*')) {
      const end = text.indexOf('*/', index + 2);
      const stop = end < 0 ? text.length : end + 2;
      result += text.slice(index, stop).replace(/[^\n]/g, ' ');
      index = stop;
    } else if (rest === '"""') {
      const end = text.indexOf('"""', index + 3);
      const stop = end < 0 ? text.length : end + 3;
      result += `"${text.slice(index + 1, stop - 1).replace(/[^\n]/g, ' ')}"`;
      index = stop;
    } else if (rest.startsWith('"')) {
      let stop = index + 1;
      while (stop < text.length && text.charAt(stop) !== '"' && text.charAt(stop) !== '\n') stop += text.charAt(stop) === '\\' ? 2 : 1;
      stop = Math.min(stop + 1, text.length);
      result += `"${' '.repeat(Math.max(0, stop - index - 2))}${stop - index >= 2 ? '"' : ''}`;
      index = stop;
    } else {
      result += text.charAt(index);
      index++;
    }
  }
  return result;
}

function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

/** Whether `name` from `pack` is in scope: imported by name (not renamed) or through the package's wildcard. */
function imports(text: string, pack: string, name: string): boolean {
  const escaped = pack.replace(/\./g, '\\.');
  return new RegExp(`^[ \\t]*import[ \\t]+${escaped}\\.(?:${name}\\b(?![ \\t]*\\.)|_|\\*|\\{[^}\\n]*\\b${name}\\b(?![ \\t]*=>)[^}\\n]*\\}|\\{[^}\\n]*(?:\\b_|\\*)[ \\t]*\\})`, 'm').test(text);
}

function reachesFunction(text: string, name: string): boolean {
  return imports(text, 'org.apache.spark.sql.functions', name);
}

/** Calls of a lower-case name not reached through a receiver (`x.f(...)`), nor defined or constructed there (`def f(`, `new f(`). */
function bareCalls(text: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const match of text.matchAll(/(?<![\w.$])([a-z_]\w*)\s*\(/g)) {
    const name = match[1] ?? '';
    if (/\b(?:def|new|class|object)\s+$/.test(text.slice(Math.max(0, (match.index ?? 0) - 8), match.index))) continue;
    calls.set(name, (calls.get(name) ?? 0) + 1);
  }
  return calls;
}

/** Names the text binds: definitions, values, parameters, lambda and generator variables, pattern bindings. */
function definedNames(text: string): Set<string> {
  const names = new Set<string>();
  const patterns = [/\b(?:def|val|var|object|class)\s+([A-Za-z_]\w*)/g, /[(,]\s*([a-z_]\w*)\s*:/g, /\b([a-z_]\w*)\s*(?:=>|<-)/g, /\bcase\s+([a-z_]\w*)\s*:/g];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) names.add(match[1] ?? '');
  return names;
}

/** Whether an `import <session>.implicits._` comes before `offset` in a block that holds it (imports are lexically scoped). */
function implicitsInScope(parser: Parser, text: string, offset: number): boolean {
  const tree = parser.parse(scalaParseText(text));
  if (!tree) return false;
  try {
    for (let node: SyntaxNode | null = tree.rootNode.descendantForIndex(offset, offset); node; node = node.parent) {
      if (!blocks.has(node.type)) continue;
      for (const child of node.namedChildren) {
        if (child && child.type === 'import_declaration' && child.startIndex < offset && /\.implicits\s*\._$/.test(child.text.replace(/\s+/g, ''))) return true;
      }
    }
    return false;
  } finally {
    tree.delete();
  }
}

/** Whether `name` is a value declared before `offset` in a block around it, or a parameter of a function or lambda around it. */
function declaredInScope(parser: Parser, text: string, offset: number, name: string): boolean {
  const tree = parser.parse(scalaParseText(text));
  if (!tree) return false;
  try {
    for (let node: SyntaxNode | null = tree.rootNode.descendantForIndex(offset, offset); node; node = node.parent) {
      if (blocks.has(node.type)) {
        for (const child of node.namedChildren) {
          if (child && (child.type === 'val_definition' || child.type === 'var_definition') && child.startIndex < offset && child.childForFieldName('pattern')?.text === name) return true;
        }
      }
      const parameters = node.type === 'function_definition' ? node.childForFieldName('parameters') : node.type === 'lambda_expression' ? node.namedChildren[0] : null;
      if (parameters && new RegExp(`\\b${name}\\b`).test(parameters.text)) return true;
    }
    return false;
  } finally {
    tree.delete();
  }
}

interface Shape {
  /** Expressions at the top of the file: scalac compiles none outside a script or notebook. */
  readonly statementsOutside: number;
  /** Names a block declares with two `val`/`var` of its own. */
  readonly declaredTwice: readonly string[];
}

function shapeOf(parser: Parser, text: string): Shape {
  const tree = parser.parse(scalaParseText(text));
  if (!tree) return { statementsOutside: 0, declaredTwice: [] };
  try {
    const root = tree.rootNode;
    const statementsOutside = root.namedChildren.filter((child) => child && !topLevel.has(child.type)).length;
    const declaredTwice: string[] = [];
    const stack: SyntaxNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (blocks.has(node.type)) {
        const seen = new Set<string>();
        for (const child of node.namedChildren) {
          if (!child || (child.type !== 'val_definition' && child.type !== 'var_definition')) continue;
          const pattern = child.childForFieldName('pattern');
          if (pattern?.type !== 'identifier') continue;
          if (seen.has(pattern.text)) declaredTwice.push(pattern.text);
          seen.add(pattern.text);
        }
      }
      for (const child of node.namedChildren) if (child) stack.push(child);
    }
    return { statementsOutside, declaredTwice };
  } finally {
    tree.delete();
  }
}

function scalaFiles(directory: string): string[] {
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const target = path.join(directory, name);
      if (statSync(target).isDirectory()) return scalaFiles(target);
      return name.endsWith('.scala') ? [target] : [];
    });
}

function fixText(original: string, fix: Fix): FixText {
  const edits = fix.edits();
  return {
    original,
    fixed: applyFix(original, fix),
    start: Math.min(...edits.map((edit) => edit.span.start)),
    added: edits.map((edit) => edit.newText).join('\n'),
  };
}

test('the checks catch a fix that forgets an import, a function, implicits, a start() or the method around its statement', async () => {
  const parser = await createParser('scala');
  const original = [
    'import org.apache.spark.sql.SparkSession',
    'import org.apache.spark.sql.functions.{col, window}',
    '',
    'object Job {',
    '  def main(args: Array[String]): Unit = {',
    '    val spark = SparkSession.builder().getOrCreate()',
    '    val events = spark.readStream.format("rate").load()',
    '    events.writeStream.format("console").start()',
    '  }',
    '}',
    '',
  ].join('\n');
  const rewrite = (from: string, to: string): string[] => {
    const start = original.indexOf(from);
    assert.ok(start >= 0, from);
    return problemsOf({ original, fixed: original.replace(from, to), start, added: to }, parser);
  };
  assert.deepEqual(rewrite('.start()', '.trigger(Trigger.AvailableNow()).start()'), ['Trigger is used but neither imported from org.apache.spark.sql.streaming nor written as org.apache.spark.sql.streaming.Trigger']);
  assert.deepEqual(rewrite('.start()', '.trigger(org.apache.spark.sql.streaming.Trigger.AvailableNow()).start()'), []);
  assert.deepEqual(rewrite('events.writeStream', 'events.select(expr("uuid()")).writeStream'), ['expr(...) is called but the file\'s imports do not reach org.apache.spark.sql.functions.expr']);
  assert.deepEqual(rewrite('events.writeStream', 'events.groupBy(window(col("timestamp"), "1 minute")).count().writeStream.outputMode("update")'), []);
  assert.deepEqual(rewrite('events.writeStream', 'events.select($"value").writeStream'), ['$"c" is written where no session\'s implicits are imported']);
  assert.deepEqual(rewrite('.format("console").start()', '.format("console")'), ['a writeStream chain lost its start()']);
  assert.deepEqual(rewrite('object Job {', 'spark.conf.set("a", "b")\nobject Job {'), ['spark.conf.set(...) is written where spark is not in scope', 'a statement outside any object or class']);
  assert.deepEqual(rewrite('    events.writeStream', '    val events = spark.read.load()\n    events.writeStream'), ['val events declared twice in one block']);
  assert.deepEqual(
    rewrite('.format("console")', '.foreachBatch { (batch: DataFrame, batchId: Int) => batch.show() }'),
    ['DataFrame is used but neither imported from org.apache.spark.sql nor written as org.apache.spark.sql.DataFrame', 'a foreachBatch block takes its batch id as Int, not a Long'],
  );
  assert.deepEqual(rewrite('.format("console")', '.option("x", f"{1}")'), ['Python spelling in ".option(\\"x\\", f\\"{1}\\")"']);

  // Implicits imported in main are out of scope in a method after it.
  const scoped = original.replace('    val events', '    import spark.implicits._\n    val events').replace('  }\n}\n', '  }\n\n  def other(events: DataFrame) = events\n}\n');
  const at = scoped.lastIndexOf('events\n');
  const problems = (from: string, to: string, start: number) => problemsOf({ original: scoped, fixed: scoped.slice(0, start) + scoped.slice(start).replace(from, to), start, added: to }, parser);
  assert.deepEqual(problems('events\n', 'events.select($"value")\n', at), ['$"c" is written where no session\'s implicits are imported']);
  assert.deepEqual(problems('events.writeStream', 'events.select($"value").writeStream', scoped.indexOf('events.writeStream')), []);
  // So is the session main builds.
  assert.deepEqual(problems('  def other', '  spark.conf.set("a", "b")\n  def other', scoped.indexOf('  def other')), ['spark.conf.set(...) is written where spark is not in scope']);
  assert.deepEqual(problems('    events.writeStream', '    spark.conf.set("a", "b")\n    events.writeStream', scoped.indexOf('    events.writeStream')), []);
});

test('every fix on every Scala fixture (rules, fixes, lowering, simulator) and example imports or qualifies what it writes', async () => {
  const parser = await createParser('scala');
  const problems: string[] = [];
  let checked = 0;
  for (const file of [...scalaFiles(path.join(__dirname, 'fixtures')), ...scalaFiles(path.join(__dirname, '..', '..', 'examples'))]) {
    const original = readFileSync(file, 'utf8');
    const findings = await findingsOf(original, fixtureSettingsFor(file), fixtureLanguages.scala.file);
    for (const finding of findings) {
      for (const fix of finding.fixes) {
        checked++;
        const where = `${path.relative(__dirname, file)} ${finding.rule} "${fix.title}"`;
        for (const problem of problemsOf(fixText(original, fix), parser)) problems.push(`${where}: ${problem}`);
      }
    }
  }
  assert.ok(checked > 100, `only ${checked} Scala fixes checked`);
  assert.deepEqual(problems, []);
});
