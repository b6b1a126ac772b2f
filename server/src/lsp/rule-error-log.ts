// Rules that throw are reported to the client's log once per rule per
// session: a crashing rule would otherwise repeat its stack on every keystroke.

export class RuleErrorLog {
  private readonly reported = new Set<string>();

  constructor(private readonly log: (message: string) => void) {}

  report(errors: readonly { readonly rule: string; readonly error: string }[]): void {
    for (const { rule, error } of errors) {
      if (this.reported.has(rule)) continue;
      this.reported.add(rule);
      this.log(`rule ${rule} failed and was skipped (other rules still ran): ${error}`);
    }
  }
}
