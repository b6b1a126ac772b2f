// "Whirlpool: Show Effective Settings": every `whirlpool.*` setting with the
// value that wins and where it comes from, plus what the server made of them
// (it may fall back to a default on a bad value and says why).

import * as vscode from 'vscode';
import type { ServerStatus } from '../server/status-protocol';

export interface SettingOrigin {
  readonly value: unknown;
  readonly from: 'default' | 'user' | 'workspace' | 'workspace folder' | 'language';
}

export interface EffectiveSettings {
  readonly workspaceTrusted: boolean;
  readonly settings: Readonly<Record<string, SettingOrigin>>;
  readonly server: {
    readonly sparkVersion: string;
    readonly enabled: boolean;
    readonly ruleCount: number;
    readonly problems: readonly string[];
  } | null;
}

/** The keys declared in package.json under contributes.configuration, without the `whirlpool.` prefix. */
export function declaredSettingKeys(extension: vscode.Extension<unknown>): string[] {
  const contributes = (extension.packageJSON as { contributes?: { configuration?: unknown } }).contributes;
  const sections = Array.isArray(contributes?.configuration) ? contributes.configuration : [contributes?.configuration];
  const keys: string[] = [];
  for (const section of sections) {
    const properties = (section as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
    for (const key of Object.keys(properties)) {
      if (key.startsWith('whirlpool.')) keys.push(key.slice('whirlpool.'.length));
    }
  }
  return keys.sort();
}

export function effectiveSettings(
  keys: readonly string[],
  configuration: vscode.WorkspaceConfiguration,
  status: ServerStatus | null,
): EffectiveSettings {
  const settings: Record<string, SettingOrigin> = {};
  for (const key of keys) {
    const inspected = configuration.inspect(key);
    if (!inspected) continue;
    settings[`whirlpool.${key}`] = winner(inspected);
  }
  return {
    workspaceTrusted: vscode.workspace.isTrusted,
    settings,
    server: status && {
      sparkVersion: status.sparkVersion,
      enabled: status.enabled,
      ruleCount: status.ruleCount,
      problems: status.settingsProblems,
    },
  };
}

export async function showEffectiveSettings(settings: EffectiveSettings): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({
    language: 'jsonc',
    content: `// Whirlpool: effective settings (read-only view; edit them in Settings)\n${JSON.stringify(settings, null, 2)}\n`,
  });
  await vscode.window.showTextDocument(document, { preview: true });
  return document;
}

function winner(inspected: {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  defaultLanguageValue?: unknown;
  globalLanguageValue?: unknown;
  workspaceLanguageValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}): SettingOrigin {
  // Same precedence as VS Code: language-specific over plain, narrower scope over wider.
  const ordered: [unknown, SettingOrigin['from']][] = [
    [inspected.workspaceFolderLanguageValue, 'language'],
    [inspected.workspaceLanguageValue, 'language'],
    [inspected.globalLanguageValue, 'language'],
    [inspected.workspaceFolderValue, 'workspace folder'],
    [inspected.workspaceValue, 'workspace'],
    [inspected.globalValue, 'user'],
  ];
  for (const [value, from] of ordered) if (value !== undefined) return { value, from };
  return { value: inspected.defaultValue ?? null, from: 'default' };
}
