// A directory of event files as Spark's file source reads it: the offset is
// the number of files taken, new files are taken oldest modification time
// first (then by name), and `maxFilesPerTrigger` caps the files per batch (the
// engine passes it as a `maxFiles` limit, so Trigger.Once can ignore it). Once
// a file has been seen its place in the order is fixed, so offsets replay.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ColumnType, CorruptRecord, ReadLimit, Row, SimSource } from '../engine/source';
import { memoryLineLog } from './line-log';
import type { ParseSink, RecordParser } from './record-parser';

export interface ListedFile {
  /** A name unique in the listing (the path for files on disk). */
  readonly path: string;
  readonly modifiedMillis: number;
}

/** Where the files come from: a directory on disk, or files a scenario adds in memory. */
export interface FileListing {
  list(): readonly ListedFile[];
  read(file: ListedFile): string;
}

export interface FileReading {
  /** Lines at the start of each file that are not records (1 for a CSV header). */
  readonly skipLeadingLines: number;
  readonly keepBlank: boolean;
}

export class FileDirectorySource implements SimSource {
  private readonly files: ListedFile[] = [];
  private readonly seen = new Set<string>();
  private cached: { readonly start: number; readonly end: number; readonly sink: ParseSink } | null = null;

  constructor(
    readonly name: string,
    readonly schema: readonly ColumnType[],
    private readonly listing: FileListing,
    private readonly parser: RecordParser,
    private readonly reading: FileReading,
  ) {}

  /** Files in offset order, as far as they have been discovered. */
  get knownFiles(): readonly ListedFile[] {
    return this.files;
  }

  latestOffset(committed: number, limit: ReadLimit): number {
    this.discover();
    const available = this.files.length;
    return limit.kind === 'maxFiles' ? Math.min(available, committed + limit.files) : available;
  }

  getBatch(start: number, end: number): readonly Row[] {
    return this.parse(start, end).rows;
  }

  corruptRecords(start: number, end: number): readonly CorruptRecord[] {
    return this.parse(start, end).corrupt;
  }

  private discover(): void {
    const fresh = this.listing
      .list()
      .filter((file) => !this.seen.has(file.path))
      .sort((a, b) => a.modifiedMillis - b.modifiedMillis || compareText(a.path, b.path));
    for (const file of fresh) {
      this.seen.add(file.path);
      this.files.push(file);
    }
  }

  private parse(start: number, end: number): ParseSink {
    if (this.cached !== null && this.cached.start === start && this.cached.end === end) return this.cached.sink;
    const sink: ParseSink = { rows: [], corrupt: [] };
    for (const file of this.files.slice(Math.max(0, start), Math.max(0, end))) {
      const text = this.listing.read(file);
      const all = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
      if (all.length > 0 && all[all.length - 1] === '') all.pop();
      if ((all[0] ?? '').charCodeAt(0) === 0xfeff) all[0] = (all[0] as string).slice(1);
      const log = memoryLineLog(all, file.path);
      const range = log.read(0, log.lineCount);
      let skipped = 0;
      for (let index = 0; index < range.lines.length; index++) {
        const line = range.lines[index] as string;
        if (!this.reading.keepBlank && line.trim() === '') continue;
        if (skipped < this.reading.skipLeadingLines) {
          skipped += 1;
          continue;
        }
        this.parser.parse(line, { source: this.name, file: file.path, line: range.lineNumbers[index] ?? null }, sink);
      }
    }
    this.cached = { start, end, sink };
    return sink;
  }
}

/** The files directly in a directory on disk (hidden files and names starting with `_` skipped, as Spark does). */
export function directoryListing(directory: string): FileListing {
  return {
    list() {
      return readdirSync(directory, { withFileTypes: true })
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !entry.name.startsWith('_'))
        .map((entry) => {
          const full = path.join(directory, entry.name);
          return { path: full, modifiedMillis: statSync(full).mtimeMs };
        });
    },
    read(file) {
      return readFileSync(file.path, 'utf8');
    },
  };
}

/** Files held in memory; `add` gives each new file a modification time after the previous ones (as Spark's test does). */
export class MemoryFileListing implements FileListing {
  private readonly files: { readonly file: ListedFile; readonly content: string }[] = [];
  private clock = 0;

  add(name: string, content: string, modifiedMillis?: number): void {
    this.clock = modifiedMillis ?? this.clock + 1000;
    this.files.push({ file: { path: name, modifiedMillis: this.clock }, content });
  }

  list(): readonly ListedFile[] {
    return this.files.map((entry) => entry.file);
  }

  read(file: ListedFile): string {
    return this.files.find((entry) => entry.file.path === file.path)?.content ?? '';
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
