// The columns a plan node outputs, as the engine tracks them at plan time, and
// name resolution over them (`key`, `l.key`, `window.start`, `l.window.end`).

import type { NodeId } from '../../../server/src/model/pipeline';
import type { Span } from '../../../server/src/model/span';
import type { DataType } from './data-type';
import { analysisError } from './simulation-error';

/** Rows travel through the engine as arrays, one slot per column of the node's schema. */
export type Row = unknown[];

export interface Column {
  readonly name: string;
  readonly type: DataType;
  /** DataFrame aliases and table names that qualify the column (`l` in `l.key`). */
  readonly qualifiers: readonly string[];
  /** Plan nodes whose output carries this column unchanged, so `df["x"]` finds the right one after a join. */
  readonly nodes: readonly NodeId[];
  /** The watermark delay when this is an event-time column (Spark keeps it as column metadata). */
  readonly eventTimeDelayMs: number | null;
}

export type Schema = readonly Column[];

export interface ResolvedColumn {
  readonly index: number;
  /** Struct fields to read after the column: `window.start` is column `window`, field `start`. */
  readonly fields: readonly string[];
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function find(schema: Schema, test: (column: Column) => boolean): number[] {
  const found: number[] = [];
  schema.forEach((column, index) => {
    if (test(column)) found.push(index);
  });
  return found;
}

/** Resolves a possibly qualified, possibly dotted name; Spark's resolution is case-insensitive by default. */
export function resolveColumn(schema: Schema, name: string, span: Span, node: NodeId | null = null): ResolvedColumn {
  const exact = find(schema, (c) => sameName(c.name, name) && (node === null || c.nodes.includes(node)));
  if (exact.length === 1) return { index: exact[0] as number, fields: [] };
  const parts = name.split('.');
  if (exact.length === 0 && parts.length >= 2) {
    const [qualifier, columnName] = parts as [string, string];
    const qualified = find(schema, (c) => sameName(c.name, columnName) && c.qualifiers.some((q) => sameName(q, qualifier)));
    if (qualified.length === 1) return { index: qualified[0] as number, fields: parts.slice(2) };
    if (qualified.length > 1) throw analysisError(`Reference \`${name}\` is ambiguous`, span);
    const struct = find(schema, (c) => sameName(c.name, qualifier) && (node === null || c.nodes.includes(node)));
    if (struct.length === 1) return { index: struct[0] as number, fields: parts.slice(1) };
    if (struct.length > 1) throw analysisError(`Reference \`${qualifier}\` is ambiguous: it could be any of ${struct.length} columns`, span);
  }
  if (exact.length > 1) {
    if (node === null) {
      // The same column reached twice (a self-union) is still one name; distinct ones are ambiguous, as in Spark
      throw analysisError(`Reference \`${name}\` is ambiguous, could be: ${exact.map((i) => describe(schema[i] as Column)).join(', ')}`, span);
    }
    return { index: exact[0] as number, fields: [] };
  }
  if (node !== null) return resolveColumn(schema, name, span, null);
  throw analysisError(
    `A column or function parameter with name \`${name}\` cannot be resolved. Did you mean one of the following? [${schema.map((c) => `\`${c.name}\``).join(', ')}]`,
    span,
  );
}

function describe(column: Column): string {
  return column.qualifiers.length > 0 ? `\`${column.qualifiers[0]}\`.\`${column.name}\`` : `\`${column.name}\``;
}

/** A column as it passes through node `node` unchanged. */
export function passThrough(column: Column, node: NodeId): Column {
  return column.nodes.includes(node) ? column : { ...column, nodes: [...column.nodes, node] };
}
