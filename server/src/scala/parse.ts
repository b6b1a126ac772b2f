// Parses and lowers Scala source in one call, for tests and tools. The
// tree-sitter parser is created once and reused.

import type { PipelineModel } from '../model/pipeline';
import { createParser, type Parser, type Tree } from '../syntax/tree-sitter';
import { lowerScala } from './lower';
import { scalaParseText } from './read-tree';

let parser: Promise<Parser> | null = null;

export async function parseScala(text: string): Promise<{ readonly tree: Tree; readonly model: PipelineModel }> {
  parser ??= createParser('scala');
  const tree = (await parser).parse(scalaParseText(text));
  if (!tree) throw new Error('tree-sitter returned no tree');
  return { tree, model: lowerScala(tree.rootNode, text) };
}
