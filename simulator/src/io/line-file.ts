// A text file read as numbered lines without holding it in memory: one pass
// records where each record line starts, and a range of records is read back
// from disk on demand. That keeps replaying a large event file flat in memory
// and lets a restarted query read the same range again.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { LineLog } from './line-log';

export interface LineRange {
  /** The lines' text, without line terminators, blank lines skipped unless kept. */
  readonly lines: readonly string[];
  /** 1-based line numbers in the file, parallel to `lines`. */
  readonly lineNumbers: readonly number[];
}

export interface LineFileOptions {
  /** Lines to leave out of the records at the start (a CSV header). */
  readonly skipLeadingRecords: number;
  /** Keep blank lines as records (the text format), instead of skipping them. */
  readonly keepBlank: boolean;
  /** Lines starting with this are not records (CSV `comment`). */
  readonly comment: string | null;
}

const chunkSize = 1 << 20;

export class LineFile implements LineLog {
  /** Byte offset where each record line starts. */
  private starts = new Float64Array(1024);
  private numbers = new Uint32Array(1024);
  private count = 0;
  private readonly size: number;
  /** The lines skipped at the start (the CSV header), as text. */
  readonly leadingLines: readonly string[];

  private constructor(
    readonly path: string,
    private readonly fd: number,
    options: LineFileOptions,
  ) {
    this.size = fstatSync(fd).size;
    this.leadingLines = this.index(options);
  }

  /** Opens and indexes a file; throws the file system's error when it cannot be read. */
  static open(path: string, options: LineFileOptions): LineFile {
    const fd = openSync(path, 'r');
    try {
      return new LineFile(path, fd, options);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  get file(): string {
    return this.path;
  }

  get lineCount(): number {
    return this.count;
  }

  /** Records with 0-based indexes in [from, to). */
  read(from: number, to: number): LineRange {
    const first = Math.max(0, from);
    const last = Math.min(to, this.count);
    if (first >= last) return { lines: [], lineNumbers: [] };
    const startByte = this.starts[first] as number;
    const endByte = last < this.count ? (this.starts[last] as number) : this.size;
    const buffer = Buffer.allocUnsafe(endByte - startByte);
    let read = 0;
    while (read < buffer.length) {
      const got = readSync(this.fd, buffer, read, buffer.length - read, startByte + read);
      if (got === 0) break;
      read += got;
    }
    const lines: string[] = [];
    const lineNumbers: number[] = [];
    // Between two record starts there may be skipped lines (blank, comments) after the record itself
    let position = 0;
    for (let record = first; record < last; record++) {
      const begin = (this.starts[record] as number) - startByte;
      if (begin < position) continue;
      let end = buffer.indexOf(10, begin);
      if (end === -1 || end > read) end = read;
      let line = buffer.toString('utf8', begin, end);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (startByte + begin === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      lines.push(line);
      lineNumbers.push(this.numbers[record] as number);
      position = end;
    }
    return { lines, lineNumbers };
  }

  close(): void {
    closeSync(this.fd);
  }

  private index(options: LineFileOptions): string[] {
    const buffer = Buffer.allocUnsafe(chunkSize);
    const leading: string[] = [];
    let lineNumber = 1;
    let lineStart = 0;
    let position = 0;
    // Bytes of the current line seen so far, only kept while a line is checked (blank, comment, header)
    let pending: Buffer[] = [];
    let pendingLength = 0;
    const finishLine = (tail: Buffer | null): void => {
      const head = tail === null ? Buffer.concat(pending, pendingLength) : Buffer.concat([...pending, tail], pendingLength + tail.length);
      pending = [];
      pendingLength = 0;
      let text = head.toString('utf8');
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const blank = text.trim() === '';
      if (blank && !options.keepBlank) return;
      if (options.comment !== null && options.comment !== '' && text.startsWith(options.comment)) return;
      if (leading.length < options.skipLeadingRecords) {
        leading.push(text);
        return;
      }
      this.push(lineStart, lineNumber);
    };
    for (;;) {
      const got = readSync(this.fd, buffer, 0, chunkSize, position);
      if (got === 0) break;
      let from = 0;
      for (;;) {
        const newline = buffer.indexOf(10, from);
        if (newline === -1 || newline >= got) break;
        if (this.needsText(options, leading.length, pendingLength, buffer, from, newline)) {
          finishLine(buffer.subarray(from, newline));
        } else {
          pending = [];
          pendingLength = 0;
          this.push(lineStart, lineNumber);
        }
        lineNumber += 1;
        lineStart = position + newline + 1;
        from = newline + 1;
      }
      if (from < got) {
        // Keep at most a prefix of a long unfinished line: enough to tell blank and comment lines apart
        const rest = Buffer.from(buffer.subarray(from, got));
        if (pendingLength < 256) {
          pending.push(rest);
          pendingLength += rest.length;
        }
      }
      position += got;
    }
    if (lineStart < this.size) finishLine(null);
    return leading;
  }

  /** Whether a line must be decoded to decide if it is a record; most lines are not, which keeps indexing fast. */
  private needsText(options: LineFileOptions, leadingSeen: number, pendingLength: number, buffer: Buffer, from: number, to: number): boolean {
    if (leadingSeen < options.skipLeadingRecords) return true;
    if (options.comment !== null && options.comment !== '') return true;
    if (options.keepBlank) return false;
    if (pendingLength > 0) return true;
    // A line is blank when it holds only spaces, tabs and a carriage return
    for (let index = from; index < to; index++) {
      const byte = buffer[index] as number;
      if (byte !== 32 && byte !== 9 && byte !== 13) return false;
    }
    return true;
  }

  private push(start: number, lineNumber: number): void {
    if (this.count === this.starts.length) {
      const starts = new Float64Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
      const numbers = new Uint32Array(this.numbers.length * 2);
      numbers.set(this.numbers);
      this.numbers = numbers;
    }
    this.starts[this.count] = start;
    this.numbers[this.count] = lineNumber;
    this.count += 1;
  }
}
