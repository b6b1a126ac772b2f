// The Whirlpool item in the language status bar (the `{}` next to the
// language mode): busy while linting, rule count, last lint time and the
// target Spark version, all as the server reports them.

import * as vscode from 'vscode';
import type { ServerStatus } from '../server/status-protocol';
import { describeStatus } from './describe-status';

export type ConnectionState =
  | { readonly kind: 'starting' }
  | { readonly kind: 'running'; readonly status: ServerStatus | null }
  | { readonly kind: 'stopped'; readonly reason: string };

export class LanguageStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private state: ConnectionState = { kind: 'starting' };

  constructor(selector: vscode.DocumentSelector) {
    this.item = vscode.languages.createLanguageStatusItem('whirlpool.status', selector);
    this.item.name = 'Whirlpool';
    this.item.command = { title: 'Show Output', command: 'whirlpool.showOutput' };
    this.render();
  }

  get current(): ConnectionState {
    return this.state;
  }

  update(state: ConnectionState): void {
    this.state = state;
    this.render();
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    const view = describeStatus(this.state, new Date());
    this.item.text = view.text;
    this.item.detail = view.detail;
    this.item.busy = view.busy;
    this.item.severity = toSeverity(view.severity);
  }
}

function toSeverity(severity: 'information' | 'warning' | 'error'): vscode.LanguageStatusSeverity {
  switch (severity) {
    case 'information':
      return vscode.LanguageStatusSeverity.Information;
    case 'warning':
      return vscode.LanguageStatusSeverity.Warning;
    case 'error':
      return vscode.LanguageStatusSeverity.Error;
    default: {
      const unreachable: never = severity;
      return unreachable;
    }
  }
}
