// Reading dependency pins out of build files, without a parser per format:
// each format's comments are blanked (offsets kept) and the pin shapes that
// matter are matched. Good enough to find "this file pins Spark X.Y.Z" and
// where the version text is; not a general dependency resolver.

import type { Span } from '../model/span';

export type BuildFileFormat = 'requirements' | 'pyproject' | 'setup.py' | 'setup.cfg' | 'conda' | 'maven' | 'sbt';

export interface SparkPin {
  /** The version as written, e.g. `2.2.0`. */
  readonly version: string;
  /** Where the version text is (inside quotes or tags). */
  readonly span: Span;
  /** What pins it, for messages: `pyspark==2.2.0`, `org.apache.spark:spark-sql_2.11`. */
  readonly what: string;
}

export function buildFileFormat(path: string): BuildFileFormat | null {
  const name = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
  if (/^requirements.*\.txt$/.test(name)) return 'requirements';
  if (name === 'pyproject.toml') return 'pyproject';
  if (name === 'setup.py') return 'setup.py';
  if (name === 'setup.cfg') return 'setup.cfg';
  if (/^environment(\.[\w-]+)?\.ya?ml$/.test(name)) return 'conda';
  if (name === 'pom.xml') return 'maven';
  if (name === 'build.sbt') return 'sbt';
  return null;
}

/** Exact Spark pins (`==`, `===`, a bare Poetry version, a Maven/sbt version) in a build file. */
export function sparkPins(format: BuildFileFormat, text: string): readonly SparkPin[] {
  switch (format) {
    case 'requirements':
    case 'setup.py':
    case 'setup.cfg':
      return pythonPins(blankComments(text, format === 'setup.py' ? 'hash-code' : 'hash-line'), false);
    case 'conda':
      return pythonPins(blankComments(text, 'hash-line'), true);
    case 'pyproject':
      return [...pythonPins(blankComments(text, 'hash-line'), false), ...poetryPins(blankComments(text, 'hash-line'))];
    case 'maven':
      return mavenPins(blankComments(text, 'xml'));
    case 'sbt':
      return sbtPins(blankComments(text, 'slash'));
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

const version = String.raw`(\d+\.\d+\.\d+)(?![\w.]*\d)`;

/** `pyspark==2.2.0`, `pyspark[sql] === 2.2.0`; in conda files also `pyspark=2.2.0` (and `=2.2.0=build`). */
function pythonPins(text: string, conda: boolean): SparkPin[] {
  const operator = conda ? '={1,3}' : '===?';
  const pattern = new RegExp(String.raw`(?<![\w.#=/-])pyspark\s*(?:\[[^\]]*\])?\s*(${operator})\s*${version}`, 'gi');
  const pins: SparkPin[] = [];
  for (const match of text.matchAll(pattern)) {
    const found = match[2] ?? '';
    const start = (match.index ?? 0) + match[0].length - found.length;
    pins.push({ version: found, span: { start, end: start + found.length }, what: `pyspark${match[1]}${found}` });
  }
  return pins;
}

/** Poetry: `pyspark = "2.2.0"`, `pyspark = "==2.2.0"`, `pyspark = { version = "2.2.0", ... }` (a bare Poetry version is exact). */
function poetryPins(text: string): SparkPin[] {
  const pattern = new RegExp(String.raw`^\s*pyspark\s*=\s*(?:\{[^}\n]*?version\s*=\s*)?"(?:==\s*)?${version}"`, 'gim');
  const pins: SparkPin[] = [];
  for (const match of text.matchAll(pattern)) {
    const found = match[1] ?? '';
    const start = (match.index ?? 0) + match[0].length - found.length - 1;
    pins.push({ version: found, span: { start, end: start + found.length }, what: `pyspark = "${found}"` });
  }
  return pins;
}

/** `<dependency>` blocks of group `org.apache.spark`, with a literal version or a `${property}` defined in the file. */
function mavenPins(text: string): SparkPin[] {
  const pins: SparkPin[] = [];
  const reported = new Set<number>();
  for (const block of text.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
    const body = block[1] ?? '';
    const bodyStart = (block.index ?? 0) + '<dependency>'.length;
    if (tagValue(body, 'groupId')?.text !== 'org.apache.spark') continue;
    const artifact = tagValue(body, 'artifactId')?.text ?? 'spark';
    const declared = tagValue(body, 'version');
    if (!declared) continue;
    const property = /^\$\{([\w.-]+)\}$/.exec(declared.text);
    const resolved = property ? tagValue(text, property[1] ?? '') : { text: declared.text, offset: bodyStart + declared.offset };
    if (!resolved || !/^\d+\.\d+\.\d+$/.test(resolved.text) || reported.has(resolved.offset)) continue;
    reported.add(resolved.offset);
    pins.push({
      version: resolved.text,
      span: { start: resolved.offset, end: resolved.offset + resolved.text.length },
      what: `org.apache.spark:${artifact}`,
    });
  }
  return pins;
}

function tagValue(text: string, tag: string): { text: string; offset: number } | null {
  const match = new RegExp(String.raw`<${tag.replace(/[.]/g, '\\.')}>\s*([^<]*?)\s*</${tag.replace(/[.]/g, '\\.')}>`).exec(text);
  if (!match) return null;
  const value = match[1] ?? '';
  return { text: value, offset: (match.index ?? 0) + match[0].indexOf(value, tag.length + 2) };
}

/** `"org.apache.spark" %% "spark-sql" % "2.2.0"`, or `% sparkVersion` with `val sparkVersion = "2.2.0"` in the file. */
function sbtPins(text: string): SparkPin[] {
  const pins: SparkPin[] = [];
  const reported = new Set<number>();
  const pattern = /"org\.apache\.spark"\s*(%%?)\s*"([\w.-]+)"\s*%\s*(?:"([^"\n]*)"|([A-Za-z_]\w*))/g;
  for (const match of text.matchAll(pattern)) {
    const operator = match[1] ?? '%';
    const artifact = match[2] ?? 'spark';
    let found: { text: string; offset: number } | null = null;
    if (match[3] !== undefined) {
      found = { text: match[3], offset: (match.index ?? 0) + match[0].length - match[3].length - 1 };
    } else if (match[4] !== undefined) {
      const definition = new RegExp(String.raw`\bval\s+${match[4]}\s*(?::\s*String\s*)?=\s*"([^"\n]*)"`).exec(text);
      if (definition) found = { text: definition[1] ?? '', offset: (definition.index ?? 0) + definition[0].length - (definition[1] ?? '').length - 1 };
    }
    if (!found || !/^\d+\.\d+\.\d+$/.test(found.text) || reported.has(found.offset)) continue;
    reported.add(found.offset);
    pins.push({ version: found.text, span: { start: found.offset, end: found.offset + found.text.length }, what: `"org.apache.spark" ${operator} "${artifact}"` });
  }
  return pins;
}

type CommentStyle = 'hash-line' | 'hash-code' | 'xml' | 'slash';

/**
 * Replaces comments with spaces, keeping every offset. `hash-line`: `#` at
 * line start or after whitespace (requirements, TOML, INI, YAML; a URL
 * fragment `a#b` stays). `hash-code`: `#` outside a quoted string (Python).
 * `xml`: `<!-- -->`. `slash`: `//` outside a string and `/* *\/` (Scala).
 */
function blankComments(text: string, style: CommentStyle): string {
  const blank = (match: string): string => match.replace(/[^\n]/g, ' ');
  switch (style) {
    case 'hash-line':
      return text.replace(/(^|[ \t])#[^\n]*/gm, (match, lead: string) => lead + blank(match.slice(lead.length)));
    case 'xml':
      return text.replace(/<!--[\s\S]*?-->/g, blank);
    case 'hash-code':
      return text.replace(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|#[^\n]*/g, (match, quoted: string | undefined) => (quoted ? match : blank(match)));
    case 'slash':
      return text.replace(/("(?:[^"\\\n]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, quoted: string | undefined) => (quoted ? match : blank(match)));
    default: {
      const unreachable: never = style;
      return unreachable;
    }
  }
}
