// The open documents: their text, version, and (for Python and Scala) the syntax tree
// of the previous parse, edited in place as changes arrive so the next parse
// is incremental. Trees live in wasm memory, so a replaced or closed
// document's tree is deleted explicitly.

import { StatementCache } from '../python/statement-cache';
import { scalaParseText } from '../scala/read-tree';
import type { Parser, Tree } from '../syntax/tree-sitter';
import { applyRangeChange, type RangeChange } from './content-change';

export type ContentChange = RangeChange | { readonly text: string };

export interface DocumentSnapshot {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  readonly text: string;
}

interface StoredDocument extends DocumentSnapshot {
  /** The last parse, edited for every change since; `fresh` once reparsed for the current text. */
  tree: Tree | null;
  fresh: boolean;
  /** What the last lowering read, so the next one reads only the statements that changed. */
  readonly statements: StatementCache;
}

export class DocumentStore {
  private readonly documents = new Map<string, StoredDocument>();

  constructor(
    private readonly parser: Parser,
    /** Parses Scala documents (languageId `scala` or a `.scala` path); null when the Scala grammar is not loaded. */
    private readonly scalaParser: Parser | null = null,
  ) {}

  open(uri: string, languageId: string, version: number, text: string): void {
    this.close(uri);
    this.documents.set(uri, { uri, languageId, version, text, tree: null, fresh: false, statements: new StatementCache() });
  }

  /** Applies changes in order; each ranged change is relative to the text after the previous one. */
  change(uri: string, version: number, changes: readonly ContentChange[]): void {
    const document = this.documents.get(uri);
    if (!document) return;
    let text = document.text;
    for (const change of changes) {
      if ('range' in change) {
        const applied = applyRangeChange(text, change);
        text = applied.text;
        document.tree?.edit(applied.edit);
      } else {
        text = change.text;
        // A whole-text replacement gives no edit to reuse the tree with.
        document.tree?.delete();
        document.tree = null;
      }
    }
    this.documents.set(uri, { ...document, version, text, fresh: false });
  }

  close(uri: string): void {
    this.documents.get(uri)?.tree?.delete();
    this.documents.delete(uri);
  }

  get(uri: string): DocumentSnapshot | undefined {
    const document = this.documents.get(uri);
    return document && { uri: document.uri, languageId: document.languageId, version: document.version, text: document.text };
  }

  uris(): string[] {
    return [...this.documents.keys()];
  }

  /** The document's statement cache, for `analyzePython`. */
  statementCache(uri: string): StatementCache | undefined {
    return this.documents.get(uri)?.statements;
  }

  /** The syntax tree for the current text, parsed incrementally from the previous tree when there is one. */
  syntaxTree(uri: string): Tree | null {
    const document = this.documents.get(uri);
    if (!document) return null;
    if (document.fresh && document.tree) return document.tree;
    const previous = document.tree;
    const parser = isScalaDocument(document.languageId, document.uri) ? this.scalaParser : this.parser;
    if (!parser) return null;
    const tree = parser.parse(parser === this.scalaParser ? scalaParseText(document.text) : document.text, previous);
    previous?.delete();
    document.tree = tree;
    document.fresh = tree !== null;
    return tree;
  }

  dispose(): void {
    for (const uri of this.uris()) this.close(uri);
  }
}

/** A Scala document by its language id or its file name. */
export function isScalaDocument(languageId: string, uri: string): boolean {
  return languageId === 'scala' || /\.(?:scala|sc)$/i.test(uri);
}
