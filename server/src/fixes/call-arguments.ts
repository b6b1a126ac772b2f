// The top-level arguments of a method call written as text (`.load("/p")`,
// `.start("/out", format="delta")`), for fixes that must know a call takes
// nothing they would lose when they rewrite it.

/** The trimmed text of each argument of the call's last parenthesised list; null when `call` does not end in one. */
export function callArguments(call: string): readonly string[] | null {
  const open = /^\.?\s*[A-Za-z_]\w*\s*\(/.exec(call);
  if (!open || !call.trimEnd().endsWith(')')) return null;
  const inner = call.trimEnd().slice(open[0].length, -1);
  const found: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let at = 0; at < inner.length; at++) {
    const char = inner.charAt(at);
    if (quote !== null) {
      if (char === '\\') at++;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 0) {
      found.push(inner.slice(start, at).trim());
      start = at + 1;
    }
    if (depth < 0) return null;
  }
  const last = inner.slice(start).trim();
  if (last !== '' || found.length > 0) found.push(last);
  return found;
}

/** Whether an argument is a plain positional value: not a Python keyword argument, list, or unpacking. */
export function isPlainArgument(argument: string): boolean {
  return argument !== '' && !/^[A-Za-z_]\w*\s*=(?!=)/.test(argument) && !/^[[*]/.test(argument);
}
