// Parses and lowers PySpark source in one call, for tests and tools. The
// tree-sitter parser is created once and reused.

import type { PipelineModel } from '../model/pipeline';
import { createParser, type Parser, type Tree } from '../syntax/tree-sitter';
import { lowerPython } from './lower';

let parser: Promise<Parser> | null = null;

export async function parsePython(text: string): Promise<{ readonly tree: Tree; readonly model: PipelineModel }> {
  parser ??= createParser('python');
  const tree = (await parser).parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return { tree, model: lowerPython(tree.rootNode, text) };
}
