// Expands the paths given on the command line into the files to lint:
// folders are walked recursively (skipping dependency, build and hidden
// folders), files given by name are taken as they are. The result is sorted
// so output is the same on every machine.

import { readdirSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';

export interface CollectedFiles {
  readonly files: readonly string[];
  /** One message per path that does not exist or cannot be listed. */
  readonly problems: readonly string[];
}

/** Folders never descended into, besides hidden ones (`.git`, `.venv`, ...). */
const skippedFolders = new Set(['node_modules', 'out', '__pycache__']);

export function collectFiles(paths: readonly string[], cwd: string, isLintable: (file: string) => boolean): CollectedFiles {
  const files = new Set<string>();
  const problems: string[] = [];
  const visitedFolders = new Set<string>();

  const walk = (folder: string): void => {
    let real: string;
    let entries: import('node:fs').Dirent[];
    try {
      real = realpathSync(folder);
      // A symlink back to an ancestor would otherwise loop forever.
      if (visitedFolders.has(real)) return;
      visitedFolders.add(real);
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      problems.push(`${folder}: cannot list folder (${errorCode(error)})`);
      return;
    }
    for (const entry of entries) {
      const child = path.join(folder, entry.name);
      let isFolder = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(child);
          isFolder = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // a dangling link is not a file to lint
        }
      }
      if (isFolder) {
        if (!entry.name.startsWith('.') && !skippedFolders.has(entry.name)) walk(child);
      } else if (isFile && isLintable(child)) {
        files.add(child);
      }
    }
  };

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stats;
    try {
      stats = statSync(absolute);
    } catch (error) {
      problems.push(`${given}: ${errorCode(error) === 'ENOENT' ? 'no such file or folder' : `cannot read (${errorCode(error)})`}`);
      continue;
    }
    if (stats.isDirectory()) walk(absolute);
    else files.add(absolute);
  }
  return { files: [...files].sort(), problems };
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : String(error);
}
