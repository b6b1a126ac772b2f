// Reads a file to lint as UTF-16 text. Binary files (NUL bytes) and files
// that are not valid UTF-8 are refused with a reason rather than linted as
// garbage; the caller reports the reason and goes on with the other files.
// A notebook's `%run` targets are read the same way.

import { readFileSync, statSync } from 'node:fs';
import type { RunLookup } from '../notebooks/notebook-runs';

export type SourceReading =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'unreadable'; readonly reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

export function readSource(file: string): SourceReading {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'error';
    return { kind: 'unreadable', reason: `cannot read file (${code})` };
  }
  return decodeSource(bytes);
}

export function decodeSource(bytes: Uint8Array): SourceReading {
  if (bytes.includes(0)) return { kind: 'unreadable', reason: 'binary file (contains NUL bytes), skipped' };
  try {
    return { kind: 'text', text: decoder.decode(bytes) };
  } catch {
    return { kind: 'unreadable', reason: 'not valid UTF-8, skipped' };
  }
}

/** A notebook's `%run` target on disk: the first candidate that is a file (`RunResolver`, for the notebook analysis). */
export function readRunTarget(candidates: readonly string[]): RunLookup {
  for (const candidate of candidates) {
    let isFile = false;
    try {
      isFile = statSync(candidate).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) continue;
    const reading = readSource(candidate);
    return reading.kind === 'text' ? { kind: 'found', path: candidate, text: reading.text } : { kind: 'unreadable', path: candidate, reason: reading.reason };
  }
  return { kind: 'missing' };
}
