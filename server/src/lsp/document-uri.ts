// Turns a document URI into the path the analysis and its messages use.
// Non-file URIs (untitled buffers, remote schemes) keep their path part so
// that file-name based decisions (is this a build file?) still work.

import { fileURLToPath } from 'node:url';

export function documentPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // a malformed file URI: fall through to the raw path part
    }
  }
  const schemeEnd = uri.indexOf(':');
  const rest = schemeEnd >= 0 ? uri.slice(schemeEnd + 1) : uri;
  try {
    return decodeURIComponent(rest.replace(/^\/\/[^/]*/, ''));
  } catch {
    return rest;
  }
}
