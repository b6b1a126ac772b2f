// Finds the target Spark version of a linted file from the nearest build
// files above it: the I/O half of `detectSparkVersion` (which stays pure).
// The language server uses it too, for documents that are files on disk.

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  chooseSparkVersion,
  detectSparkVersion,
  isVersionFile,
  type BuildFileText,
  type SparkVersionChoice,
} from '../analysis/detect-spark-version';
import type { Finding, SparkVersion } from '../analysis/types';

export interface FolderReader {
  /** Entry names of a folder; empty when it cannot be listed. */
  list(folder: string): readonly string[];
  /** A file's text, or null when it cannot be read. */
  read(file: string): string | null;
}

export const diskReader: FolderReader = {
  list(folder) {
    try {
      return readdirSync(folder);
    } catch {
      return [];
    }
  },
  read(file) {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  },
};

export interface SparkVersionForFile {
  readonly choice: SparkVersionChoice;
  /** Problems met on the way (an unknown Databricks runtime, ...), each reported once per folder by the caller. */
  readonly problems: readonly string[];
}

/**
 * A resolver with a per-folder cache. With an explicit version (setting or
 * flag) it never touches the disk. Otherwise it walks up from the file's
 * folder to the first folder whose build files name a Spark version,
 * stopping at a repository root (a folder with `.git`) or the filesystem
 * root, and falls back to `fallback`. Paths in the choice are shown
 * relative to `displayRoot` (absolute when it is empty).
 */
export function sparkVersionResolver(
  explicit: { readonly version: SparkVersion; readonly from: string } | null,
  fallback: SparkVersion,
  displayRoot: string,
  reader: FolderReader = diskReader,
): (file: string) => SparkVersionForFile {
  const byFolder = new Map<string, SparkVersionForFile>();
  function forFolder(folder: string): SparkVersionForFile {
    const known = byFolder.get(folder);
    if (known) return known;
    const names = reader.list(folder);
    const files: BuildFileText[] = [];
    for (const name of names.filter(isVersionFile).sort()) {
      const text = reader.read(path.join(folder, name));
      if (text !== null) files.push({ path: display(path.join(folder, name), displayRoot), text });
    }
    const detection = detectSparkVersion(files);
    const parent = path.dirname(folder);
    let found: SparkVersionForFile;
    if (detection.value || parent === folder || names.includes('.git')) {
      found = { choice: chooseSparkVersion(null, detection.value, fallback), problems: detection.problems };
    } else {
      const above = forFolder(parent);
      found = { choice: above.choice, problems: [...detection.problems, ...above.problems] };
    }
    byFolder.set(folder, found);
    return found;
  }
  return (file) => (explicit ? { choice: chooseSparkVersion(explicit, null, fallback), problems: [] } : forFolder(path.dirname(path.resolve(file))));
}

/** Says on a version-dependent finding which version the verdict is for and where that came from. */
export function withVersionSource(finding: Finding, note: string): Finding {
  return finding.sparkVersion === null ? finding : { ...finding, message: `${finding.message} [for ${note}]` };
}

/** Relative to `root` when inside it; absolute when `root` is empty. */
function display(file: string, root: string): string {
  if (root === '') return file.split(path.sep).join('/');
  const relative = path.relative(root, file);
  const shown = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  return shown.split(path.sep).join('/');
}
