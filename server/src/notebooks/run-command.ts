// The text of a `%run` magic: `%run ./setup`, `%run "./my setup"`,
// `%run ../lib/helpers $env="prod" $date="2024-01-01"`. The path is the first
// word (or quoted string); what follows sets the target's widgets, which the
// model does not read (`dbutils.widgets.get` stays an opaque call).

export interface RunCommand {
  readonly path: string;
  /** `$name="value"` arguments, by name, as written. */
  readonly arguments: readonly { readonly name: string; readonly value: string }[];
}

/** Reads `%run ...` (leading spaces allowed); null when the text is not a `%run` with a path. */
export function parseRunCommand(text: string): RunCommand | null {
  // IPython's options (`%run -i script.py`) come before the path.
  const match = /^\s*%run\s+(?:-\w+\s+)*(?:"([^"]+)"|'([^']+)'|(\S+))(.*)$/.exec(text);
  if (!match) return null;
  const path = match[1] ?? match[2] ?? match[3] ?? '';
  const rest = match[4] ?? '';
  const argumentsGiven: { name: string; value: string }[] = [];
  for (const argument of rest.matchAll(/\$(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S*))/g)) {
    argumentsGiven.push({ name: argument[1] ?? '', value: argument[2] ?? argument[3] ?? argument[4] ?? '' });
  }
  return path === '' ? null : { path, arguments: argumentsGiven };
}
