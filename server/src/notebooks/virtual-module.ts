// A virtual module: the code a notebook runs in one language, as one text the
// front end reads, with a map from every offset of that text back to where it
// came from (a cell and an offset in it, or the source file itself).
//
// Databricks source notebooks map into the file (part 0); Jupyter notebooks
// map into their cells (part = index in the notebook's `cells`). The map is a
// sorted list of segments; a text copied unchanged is one segment, so an edit
// inside it maps back, and an edit across two segments (say, two cells) does
// not.

import type { Span } from '../model/span';

export type NotebookLanguage = 'python' | 'scala';

export interface VirtualModule {
  readonly language: NotebookLanguage;
  readonly text: string;
  /** Sorted by `start`, covering the text without gaps. */
  readonly segments: readonly Segment[];
}

export interface Segment {
  /** Offset in the module text. */
  readonly start: number;
  readonly length: number;
  /** The cell index (Jupyter) or 0 (a Databricks source file). */
  readonly part: number;
  /** Offset in that part where the segment's text starts. */
  readonly partOffset: number;
  /**
   * Whether edits may land here. Blanked text (magics, other languages) and
   * code read from behind a `# MAGIC ` prefix are not: an inserted line there
   * would lose the prefix.
   */
  readonly editable: boolean;
  /** Text the module added (a line break between cells): every offset in it maps to `partOffset`. */
  readonly added: boolean;
}

export interface PartPosition {
  readonly part: number;
  readonly offset: number;
}

export interface PartSpan {
  readonly part: number;
  readonly span: Span;
}

/** Where a module offset came from; null past the text or in a part boundary newline the module added. */
export function toPart(module: VirtualModule, offset: number): PartPosition | null {
  const segment = segmentAt(module, offset);
  return segment && { part: segment.part, offset: partOffsetOf(segment, offset) };
}

/**
 * A module span in its part's coordinates. A span that starts and ends in
 * different parts (a finding over two cells) is cut at the end of its first
 * part, so it still points somewhere the user can see.
 */
export function toPartSpan(module: VirtualModule, span: Span): PartSpan | null {
  const start = segmentAt(module, span.start);
  if (!start) return null;
  const from = partOffsetOf(start, span.start);
  const end = segmentAt(module, span.end, span.end > span.start);
  if (end && end.part === start.part) return { part: start.part, span: { start: from, end: partOffsetOf(end, span.end) } };
  const last = lastSegmentOfRun(module, start);
  return { part: start.part, span: { start: from, end: last.partOffset + (last.added ? 0 : last.length) } };
}

/**
 * A module span in its part's coordinates when edits may land there: one
 * editable segment holds it whole. An edit at the boundary of two segments
 * (an insertion at the end of a cell) belongs to the one in `part` when given.
 */
export function toEditablePartSpan(module: VirtualModule, span: Span, part?: number): PartSpan | null {
  const candidates = [segmentAt(module, span.start), segmentAt(module, span.start, true)];
  for (const segment of candidates) {
    if (!segment || !segment.editable || segment.added) continue;
    if (part !== undefined && segment.part !== part) continue;
    if (span.end > segment.start + segment.length) continue;
    return { part: segment.part, span: { start: segment.partOffset + span.start - segment.start, end: segment.partOffset + span.end - segment.start } };
  }
  return null;
}

/**
 * The part every offset of inserted code maps to (the code of a `%run`
 * target): no cell, no file offset. Findings there are not the notebook's.
 */
export const insertedPart = -1;

/** The module offset of `offset` in `part`; null when that text is not in the module (a cell in another language). */
export function toModuleOffset(module: VirtualModule, part: number, offset: number): number | null {
  for (const segment of module.segments) {
    if (segment.part !== part || segment.added) continue;
    if (offset >= segment.partOffset && offset <= segment.partOffset + segment.length) return segment.start + offset - segment.partOffset;
  }
  return null;
}

/**
 * The module with `text` inserted at each offset (sorted or not). Inserted
 * text maps to `insertedPart`, never editable; the module's own segments
 * move past it, so their parts and part offsets stay what they were.
 * Returns where each insertion landed, in the order given.
 */
export function insertIntoModule(module: VirtualModule, insertions: readonly { readonly at: number; readonly text: string }[]): { readonly module: VirtualModule; readonly ranges: readonly Span[] } {
  const order = insertions.map((insertion, index) => ({ ...insertion, index })).filter((insertion) => insertion.text !== '').sort((a, b) => a.at - b.at || a.index - b.index);
  const segments: Segment[] = [];
  const chunks: string[] = [];
  const ranges: Span[] = insertions.map((insertion) => ({ start: insertion.at, end: insertion.at }));
  let shift = 0;
  let copied = 0;
  let next = 0;
  const insertUpTo = (limit: number, inclusive: boolean): void => {
    for (let insertion = order[next]; insertion && (insertion.at < limit || (inclusive && insertion.at === limit)); insertion = order[++next]) {
      chunks.push(module.text.slice(copied, insertion.at));
      copied = insertion.at;
      const start = insertion.at + shift;
      segments.push({ start, length: insertion.text.length, part: insertedPart, partOffset: 0, editable: false, added: true });
      chunks.push(insertion.text);
      ranges[insertion.index] = { start, end: start + insertion.text.length };
      shift += insertion.text.length;
    }
  };
  for (const segment of module.segments) {
    const end = segment.start + segment.length;
    let start = segment.start;
    let partOffset = segment.partOffset;
    // Insertions inside the segment split it; one at its start goes before it.
    for (let insertion = order[next]; insertion && insertion.at < end; insertion = order[next]) {
      if (insertion.at > start) {
        segments.push({ ...segment, start: start + shift, length: insertion.at - start, partOffset });
        if (!segment.added) partOffset += insertion.at - start;
        start = insertion.at;
      }
      insertUpTo(insertion.at, true);
    }
    segments.push({ ...segment, start: start + shift, length: end - start, partOffset });
  }
  insertUpTo(Number.POSITIVE_INFINITY, true);
  chunks.push(module.text.slice(copied));
  return { module: { language: module.language, text: chunks.join(''), segments }, ranges };
}

/** Builds a module text and its segments; adjacent copies of adjacent text merge into one segment. */
export class ModuleBuilder {
  private readonly chunks: string[] = [];
  private readonly segments: Segment[] = [];
  private length = 0;

  constructor(private readonly language: NotebookLanguage) {}

  /** Appends `text`, which stands at `partOffset` of `part` (its length there is the same). */
  copy(text: string, part: number, partOffset: number, editable: boolean): void {
    if (text === '') return;
    const previous = this.segments[this.segments.length - 1];
    if (
      previous &&
      previous.part === part &&
      previous.editable === editable &&
      !previous.added &&
      previous.partOffset + previous.length === partOffset &&
      previous.start + previous.length === this.length
    ) {
      this.segments[this.segments.length - 1] = { ...previous, length: previous.length + text.length };
    } else {
      this.segments.push({ start: this.length, length: text.length, part, partOffset, editable, added: false });
    }
    this.chunks.push(text);
    this.length += text.length;
  }

  /** Appends `text` in place of the same length at `partOffset`, with every character but line breaks turned into a space. */
  blank(text: string, part: number, partOffset: number): void {
    this.copy(blankOut(text), part, partOffset, false);
  }

  /** Text that stands nowhere in the parts (a newline between cells); it maps to the end of the previous segment. */
  separator(text: string): void {
    const previous = this.segments[this.segments.length - 1];
    if (previous) {
      this.added(text, previous.part, previous.partOffset + (previous.added ? 0 : previous.length));
      return;
    }
    // Nothing before it to map to: offsets here map nowhere.
    this.chunks.push(text);
    this.length += text.length;
  }

  /** Text that stands nowhere in the parts; every offset in it maps to `partOffset` of `part`. */
  added(text: string, part: number, partOffset: number): void {
    if (text === '') return;
    this.chunks.push(text);
    this.segments.push({ start: this.length, length: text.length, part, partOffset, editable: false, added: true });
    this.length += text.length;
  }

  build(): VirtualModule {
    return { language: this.language, text: this.chunks.join(''), segments: this.segments };
  }
}

/** Spaces for every character but `\r` and `\n`, so lines and offsets stay where they were. */
export function blankOut(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

function partOffsetOf(segment: Segment, offset: number): number {
  return segment.added ? segment.partOffset : segment.partOffset + offset - segment.start;
}

function segmentAt(module: VirtualModule, offset: number, preferPrevious = false): Segment | null {
  const segments = module.segments;
  let low = 0;
  let high = segments.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const segment = segments[mid];
    if (!segment) break;
    if (segment.start <= offset) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  let segment = segments[found];
  if (!segment) return null;
  // An end offset at a boundary belongs to the segment it ends.
  if (preferPrevious && segment.start === offset && found > 0) segment = segments[found - 1] ?? segment;
  if (offset > segment.start + segment.length) return null;
  return segment;
}

function lastSegmentOfRun(module: VirtualModule, first: Segment): Segment {
  let last = first;
  for (const segment of module.segments) {
    if (segment.start > first.start && segment.part === first.part) last = segment;
    else if (segment.start > first.start) break;
  }
  return last;
}
