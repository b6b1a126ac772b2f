// Loads web-tree-sitter and the grammar `.wasm` files once per process.
//
// The wasm files are looked up next to the running bundle first (`wasm/` beside
// `out/`, as packaged in the extension), then in node_modules (development and
// tests). This is the only file of the analysis that touches the file system,
// and it does so once, at start.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

export type GrammarName = 'python' | 'scala';

const grammarFiles: Record<GrammarName, { readonly package: string; readonly file: string }> = {
  python: { package: 'tree-sitter-python', file: 'tree-sitter-python.wasm' },
  scala: { package: 'tree-sitter-scala', file: 'tree-sitter-scala.wasm' },
};

let initialised: Promise<void> | null = null;
const languages = new Map<GrammarName, Promise<Language>>();

function candidateDirs(): string[] {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  return [path.join(here, 'wasm'), path.join(here, '..', 'wasm'), path.join(here, '..', '..', 'wasm')];
}

function findWasm(packageName: string, file: string): string {
  for (const dir of candidateDirs()) {
    const candidate = path.join(dir, file);
    if (existsSync(candidate)) return candidate;
  }
  const bases = [path.join(process.cwd(), 'package.json')];
  if (typeof __filename === 'string') bases.push(__filename);
  for (const base of bases) {
    const require = createRequire(base);
    for (const request of [`${packageName}/${file}`, `${packageName}/package.json`]) {
      try {
        const resolved = require.resolve(request);
        return request.endsWith(file) ? resolved : path.join(path.dirname(resolved), file);
      } catch {
        // try the next way to find it
      }
    }
  }
  throw new Error(`cannot find ${file} (from the ${packageName} package)`);
}

function runtimeWasm(): Uint8Array {
  return readFileSync(findWasm('web-tree-sitter', 'tree-sitter.wasm'));
}

/** Initialises the tree-sitter runtime once. */
export function initTreeSitter(): Promise<void> {
  if (!initialised) {
    initialised = Parser.init({ wasmBinary: runtimeWasm() } as object);
  }
  return initialised;
}

/** Loads a grammar once; later calls return the same Language. */
export function loadGrammar(name: GrammarName): Promise<Language> {
  let language = languages.get(name);
  if (!language) {
    const { package: pkg, file } = grammarFiles[name];
    language = initTreeSitter().then(() => Language.load(readFileSync(findWasm(pkg, file))));
    languages.set(name, language);
  }
  return language;
}

/** A parser for one grammar. Parsers are cheap; the grammar is shared. */
export async function createParser(name: GrammarName): Promise<Parser> {
  const language = await loadGrammar(name);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** A parser for a grammar already loaded (say, the one a tree was parsed with); synchronous. */
export function parserForLanguage(language: Language): Parser {
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

export type { Language, Parser, Tree, Node as SyntaxNode, Edit } from 'web-tree-sitter';
