// Where a rule's documentation lives, for the `codeDescription` link of a
// diagnostic and the CLI's output.

/** Where the pages are in the repository (and in the packaged extension). */
export const ruleDocsDirectory = 'docs/rules';

/**
 * The page of a rule. Without a base, a repository-relative path
 * (`docs/rules/<id>.md`); with one (an https URL of the docs, or the
 * `file://` URI of the extension's `docs/rules` folder), `<base>/<id>.md`.
 * The language server passes a base, since an LSP link must be a URI.
 */
export function ruleDocUrl(id: string, baseUrl?: string): string {
  if (baseUrl === undefined || baseUrl === '') return `${ruleDocsDirectory}/${id}.md`;
  return `${baseUrl.replace(/\/+$/, '')}/${id}.md`;
}
