// Which Spark version a project runs on, read from its build files.
//
// Pure: the caller (CLI, language server) finds the nearest folder with a
// build file and passes the texts in; nothing here reads the disk. The
// version a user sets (setting, --spark-version) always wins over a detected
// one, and a detected one over the default (the latest release line).

import { sparkPins } from '../rules/build-file-pins';
import { formatSparkVersion, parseSparkVersion } from './spark-version';
import type { SparkVersion } from './types';

export interface BuildFileText {
  /** The path as the caller knows it; only its base name decides the format. */
  readonly path: string;
  readonly text: string;
}

export interface DetectedSparkVersion {
  readonly version: SparkVersion;
  /** The build file it came from, as passed in. */
  readonly path: string;
  /** What in the file gave it, e.g. `pyspark==3.3.2`, `Databricks Runtime 14.3`. */
  readonly what: string;
}

export interface SparkVersionDetection {
  readonly value: DetectedSparkVersion | null;
  /** Why a build file that mentions Spark gave no version (an unknown Databricks runtime, ...). */
  readonly problems: readonly string[];
}

/** File names (lower case) or patterns that count as build files, in the order they are consulted. */
export function isVersionFile(name: string): boolean {
  return versionFileRank(name) !== null;
}

/**
 * The Spark version the first informative file gives. Files are tried in
 * the order: requirements*.txt, pyproject.toml, setup.py, setup.cfg,
 * environment.yml, pom.xml, build.sbt, databricks.yml (the Python pins are
 * the most precise; a Databricks runtime, in databricks.yml or as the
 * version of a databricks-connect pin, maps to a Spark version only through
 * the table below), and in the given order within one kind.
 */
export function detectSparkVersion(files: readonly BuildFileText[]): SparkVersionDetection {
  const problems: string[] = [];
  const ranked = files
    .map((file, index) => ({ file, index, rank: versionFileRank(baseName(file.path)) }))
    .filter((entry): entry is { file: BuildFileText; index: number; rank: number } => entry.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.index - b.index);
  for (const { file } of ranked) {
    const found = versionIn(file, problems);
    if (found) return { value: found, problems };
  }
  return { value: null, problems };
}

/** Where the target version came from: chosen by the user, detected, or the default. */
export type SparkVersionChoice =
  | { readonly kind: 'explicit'; readonly version: SparkVersion; readonly from: string }
  | { readonly kind: 'detected'; readonly version: SparkVersion; readonly detected: DetectedSparkVersion }
  | { readonly kind: 'default'; readonly version: SparkVersion };

/** Precedence: the user's setting or flag, then the build file, then the default (latest). */
export function chooseSparkVersion(
  explicit: { readonly version: SparkVersion; readonly from: string } | null,
  detected: DetectedSparkVersion | null,
  fallback: SparkVersion,
): SparkVersionChoice {
  if (explicit) return { kind: 'explicit', version: explicit.version, from: explicit.from };
  if (detected) return { kind: 'detected', version: detected.version, detected };
  return { kind: 'default', version: fallback };
}

/** "Spark 3.3.2, from jobs/requirements.txt (pyspark==3.3.2)", for hovers and messages. */
export function describeSparkVersionChoice(choice: SparkVersionChoice): string {
  const version = `Spark ${formatSparkVersion(choice.version)}`;
  switch (choice.kind) {
    case 'explicit':
      return `${version}, from ${choice.from}`;
    case 'detected':
      return `${version}, from ${choice.detected.path} (${choice.detected.what})`;
    case 'default':
      return `${version}, the default (no version set or found in a build file)`;
    default: {
      const unreachable: never = choice;
      return unreachable;
    }
  }
}

/**
 * Databricks Runtime → the Apache Spark release it ships. Only runtimes
 * whose release notes we know are listed; others give a problem asking for
 * the `sparkVersion` setting rather than a guess.
 */
export const databricksRuntimes: Readonly<Record<string, SparkVersion>> = {
  '10.4': [3, 2, 1],
  '11.3': [3, 3, 0],
  '12.2': [3, 3, 2],
  '13.3': [3, 4, 1],
  '14.3': [3, 5, 0],
  '15.4': [3, 5, 0],
  '16.4': [3, 5, 2],
  '17.3': [4, 0, 0],
};

function versionFileRank(name: string): number | null {
  const lower = name.toLowerCase();
  if (/^requirements.*\.txt$/.test(lower)) return 0;
  if (lower === 'pyproject.toml') return 1;
  if (lower === 'setup.py') return 2;
  if (lower === 'setup.cfg') return 3;
  if (/^environment(\.[\w-]+)?\.ya?ml$/.test(lower)) return 4;
  if (lower === 'pom.xml') return 5;
  if (lower === 'build.sbt') return 6;
  if (lower === 'databricks.yml' || lower === 'databricks.yaml') return 7;
  return null;
}

function versionIn(file: BuildFileText, problems: string[]): DetectedSparkVersion | null {
  const name = baseName(file.path).toLowerCase();
  const rank = versionFileRank(name);
  if (rank === 5 || rank === 6) {
    const pin = sparkPins(rank === 5 ? 'maven' : 'sbt', file.text)[0];
    const version = pin ? parseSparkVersion(pin.version).value : null;
    return pin && version ? { version, path: file.path, what: `${pin.what} ${pin.version}` } : null;
  }
  if (rank === 7) return databricksRuntime(file, problems);
  const text = stripHashComments(file.text);
  const pyspark = rank === 1 ? (pep508Version(file.path, text) ?? poetryVersion(file.path, text)) : pep508Version(file.path, text, rank === 4);
  return pyspark ?? databricksConnectVersion(file, text, problems);
}

/**
 * `databricks-connect==14.3.1`: Databricks Connect is versioned after the
 * runtime it talks to, so its major.minor is a Databricks runtime.
 */
function databricksConnectVersion(file: BuildFileText, text: string, problems: string[]): DetectedSparkVersion | null {
  const match = /(?<![\w.-])databricks-connect\s*(?:===?|~=|>=|=)\s*(\d+)\.(\d+)/i.exec(text);
  if (!match) return null;
  const runtime = `${match[1]}.${match[2]}`;
  const version = databricksRuntimes[runtime];
  if (version) return { version, path: file.path, what: `databricks-connect ${runtime} (Databricks Runtime ${runtime})` };
  problems.push(
    `${file.path}: databricks-connect ${runtime} targets Databricks Runtime ${runtime}, which is not in the table of known runtimes (${Object.keys(databricksRuntimes).join(', ')}); set the Spark version (sparkVersion setting or --spark-version) to the one it ships`,
  );
  return null;
}

/**
 * `pyspark==3.3.2`, `pyspark[sql]>=3.4,<4`, `pyspark~=3.5.0` (requirements,
 * PEP 621 dependencies, install_requires), and conda's `pyspark=3.3.2`:
 * the pinned version, else the lower bound.
 */
function pep508Version(path: string, text: string, conda = false): DetectedSparkVersion | null {
  const pattern = /(?<![\w.-])pyspark\s*(?:\[[^\]]*\])?\s*((?:(?:===?|~=|>=|<=|!=|<|>|=)\s*[\w.*+-]+\s*,?\s*)+)/gi;
  for (const match of text.matchAll(pattern)) {
    const spec = match[1] ?? '';
    if (!conda && /^=(?!=)/.test(spec.trim())) continue;
    const found = boundOf(spec, ['===', '==', '=', '~=', '>=']);
    if (found) return { version: found.version, path, what: `pyspark${spec.trim().replace(/\s+/g, '')}` };
  }
  return null;
}

/** Poetry: `pyspark = "^3.4.1"`, `pyspark = { version = ">=3.3,<3.5" }`; a bare version is exact. */
function poetryVersion(path: string, text: string): DetectedSparkVersion | null {
  const pattern = /^\s*pyspark\s*=\s*(?:\{[^}\n]*?version\s*=\s*)?["']([^"'\n]*)["']/gim;
  for (const match of text.matchAll(pattern)) {
    const spec = (match[1] ?? '').trim();
    const found = /^\d/.test(spec) ? boundOf(`==${spec}`, ['==']) : boundOf(spec, ['===', '==', '^', '~=', '~', '>=']);
    if (found) return { version: found.version, path, what: `pyspark = "${spec}"` };
  }
  return null;
}

/** The version of the first clause with one of `operators` (in their order of preference). */
function boundOf(spec: string, operators: readonly string[]): { version: SparkVersion } | null {
  const clauses = spec.split(',').map((clause) => /^\s*(===|==|~=|>=|<=|!=|\^|~|=|<|>)?\s*(\d+(?:\.\d+){0,2})/.exec(clause));
  for (const operator of operators) {
    for (const clause of clauses) {
      if (!clause || (clause[1] ?? '') !== operator) continue;
      const version = parseSparkVersion(clause[2] ?? '').value;
      if (version) return { version };
    }
  }
  return null;
}

/** `spark_version: 14.3.x-scala2.12` in a Databricks asset bundle's cluster definition. */
function databricksRuntime(file: BuildFileText, problems: string[]): DetectedSparkVersion | null {
  const text = stripHashComments(file.text);
  for (const match of text.matchAll(/\bspark_version\s*:\s*["']?(\d+)\.(\d+)\.[\w.-]*/g)) {
    const runtime = `${match[1]}.${match[2]}`;
    const version = databricksRuntimes[runtime];
    if (version) return { version, path: file.path, what: `Databricks Runtime ${runtime}` };
    problems.push(
      `${file.path}: Databricks Runtime ${runtime} is not in the table of known runtimes (${Object.keys(databricksRuntimes).join(', ')}); set the Spark version (sparkVersion setting or --spark-version) to the one it ships`,
    );
  }
  return null;
}

/** Blanks `#` comments that start a line or follow whitespace (requirements, TOML, YAML, INI, Python). */
function stripHashComments(text: string): string {
  return text.replace(/(^|[ \t])#[^\n]*/gm, (match, lead: string) => lead + ' '.repeat(match.length - lead.length));
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}
