// Words for the language status item, from the connection state. Pure, so
// the wording is tested without VS Code.

import type { ConnectionState } from './language-status';

export interface StatusView {
  readonly text: string;
  readonly detail: string;
  readonly busy: boolean;
  readonly severity: 'information' | 'warning' | 'error';
}

export function describeStatus(state: ConnectionState, now: Date): StatusView {
  switch (state.kind) {
    case 'starting':
      return { text: 'Whirlpool', detail: 'starting the language server', busy: true, severity: 'information' };
    case 'stopped':
      return { text: 'Whirlpool stopped', detail: state.reason, busy: false, severity: 'error' };
    case 'running': {
      const status = state.status;
      if (status === null) return { text: 'Whirlpool', detail: 'running', busy: false, severity: 'information' };
      if (!status.enabled) {
        return { text: 'Whirlpool off', detail: 'whirlpool.enable is false', busy: false, severity: 'information' };
      }
      const parts = [
        `${status.ruleCount} ${status.ruleCount === 1 ? 'rule' : 'rules'}`,
        status.lastLint === null
          ? 'not linted yet'
          : `linted ${describeAge(new Date(status.lastLint.finishedAt), now)} in ${Math.round(status.lastLint.durationMs)} ms`,
      ];
      if (status.settingsProblems.length > 0) {
        parts.push(`${status.settingsProblems.length} settings problem${status.settingsProblems.length === 1 ? '' : 's'}: see output`);
      }
      return {
        // The target version stays in the text while linting: it is what the verdicts depend on.
        text: status.busy ? `Whirlpool: Spark ${status.sparkVersion}, linting` : `Whirlpool: Spark ${status.sparkVersion}`,
        detail: parts.join(' · '),
        busy: status.busy,
        severity: status.settingsProblems.length > 0 ? 'warning' : 'information',
      };
    }
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

/** The time of day as HH:MM:SS; a clock reading is clearer than "3s ago" in an item that does not refresh itself. */
function describeAge(then: Date, now: Date): string {
  if (Number.isNaN(then.getTime())) return 'at an unknown time';
  const sameDay = then.toDateString() === now.toDateString();
  const time = then.toTimeString().slice(0, 8);
  return sameDay ? `at ${time}` : `on ${then.toDateString()} at ${time}`;
}
