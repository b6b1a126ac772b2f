// The URI of a rule's documentation page for editors and SARIF viewers: the
// page `rules/doc-url.ts` names, under the `docs/rules` folder shipped in the
// package (see .vscodeignore), as a file URI. The language server uses it for
// a diagnostic's code link, the CLI for SARIF's `helpUri`. Pure apart from
// locating the package once.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDocsDirectory, ruleDocUrl as rulePage } from '../rules/doc-url';

let docsBase: string | null | undefined;

export function ruleDocUrl(ruleId: string): string | null {
  docsBase ??= findDocsBase();
  return docsBase === null ? null : rulePage(ruleId, docsBase);
}

/** docs/rules of the package: above out/ when bundled, above server/src/cli when run from source. */
function findDocsBase(): string | null {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (const root of [path.join(here, '..'), path.join(here, '..', '..', '..')]) {
    const folder = path.join(root, ruleDocsDirectory);
    if (existsSync(path.join(root, 'package.json')) && existsSync(folder)) return pathToFileURL(folder).href;
  }
  return null;
}
