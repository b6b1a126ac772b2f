// Reads the `whirlpool` configuration section a client sends into server
// settings. Whatever the client sends, this returns usable settings plus a
// list of problems to log: a bad value falls back to the default, it never
// disables the server.

import type { AnalysisSettings, Severity, SparkVersion } from '../analysis/types';

export interface ServerSettings {
  readonly enable: boolean;
  readonly analysis: AnalysisSettings;
  /** Whether `sparkVersion` was set: when not, the version comes from the nearest build file (else the default). */
  readonly sparkVersionSet: boolean;
  /** `fix.neverOnSave`: rules (ids or codes) whose safe fixes fix-all leaves alone. */
  readonly neverOnSave: readonly string[];
}

export interface SettingsReading {
  readonly value: ServerSettings;
  readonly problems: readonly string[];
}

export interface SettingsContext {
  readonly defaults: AnalysisSettings;
  /** Parses "3.5" / "3.5.1"; null when the text is not a version. */
  readonly parseSparkVersion: (text: string) => SparkVersion | null;
  /** Whether a rule id or code exists, to flag typos in `severity`. */
  readonly isKnownRule: (idOrCode: string) => boolean;
}

const severityValues: readonly (Severity | 'off')[] = ['error', 'warning', 'info', 'hint', 'off'];

export function readSettings(raw: unknown, context: SettingsContext): SettingsReading {
  const problems: string[] = [];
  const section = isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) problems.push('whirlpool settings must be an object');

  let enable = true;
  if (section['enable'] !== undefined) {
    if (typeof section['enable'] === 'boolean') enable = section['enable'];
    else problems.push('whirlpool.enable must be true or false');
  }

  let sparkVersion = context.defaults.sparkVersion;
  let sparkVersionSet = false;
  const versionSetting = section['sparkVersion'];
  if (versionSetting !== undefined && versionSetting !== null && versionSetting !== '') {
    const parsed = typeof versionSetting === 'string' ? context.parseSparkVersion(versionSetting) : null;
    if (parsed) {
      sparkVersion = parsed;
      sparkVersionSet = true;
    }
    else problems.push(`whirlpool.sparkVersion ${JSON.stringify(versionSetting)} is not a version like "3.5"`);
  }

  const severity: Record<string, Severity | 'off'> = { ...context.defaults.severity };
  const severitySetting = section['severity'];
  if (isRecord(severitySetting)) {
    for (const [rule, level] of Object.entries(severitySetting)) {
      if (!context.isKnownRule(rule)) {
        problems.push(`whirlpool.severity: no rule is called ${JSON.stringify(rule)}`);
        continue;
      }
      if (typeof level === 'string' && (severityValues as readonly string[]).includes(level)) {
        severity[rule] = level as Severity | 'off';
      } else {
        problems.push(`whirlpool.severity.${rule} must be one of ${severityValues.join(', ')}`);
      }
    }
  } else if (severitySetting !== undefined && severitySetting !== null) {
    problems.push('whirlpool.severity must be an object mapping rule ids or codes to a severity');
  }

  const neverOnSave: string[] = [];
  const fix = section['fix'];
  const neverOnSaveSetting = isRecord(fix) ? fix['neverOnSave'] : undefined;
  if (Array.isArray(neverOnSaveSetting)) {
    for (const rule of neverOnSaveSetting) {
      if (typeof rule === 'string' && context.isKnownRule(rule)) neverOnSave.push(rule);
      else problems.push(`whirlpool.fix.neverOnSave: no rule is called ${JSON.stringify(rule)}`);
    }
  } else if (neverOnSaveSetting !== undefined && neverOnSaveSetting !== null) {
    problems.push('whirlpool.fix.neverOnSave must be a list of rule ids or codes');
  }

  let checkpointRoot = context.defaults.fix.checkpointRoot;
  const rootSetting = isRecord(fix) ? fix['checkpointRoot'] : undefined;
  if (typeof rootSetting === 'string' && rootSetting.trim() !== '') checkpointRoot = rootSetting.trim();
  else if (rootSetting !== undefined && rootSetting !== null && rootSetting !== '') problems.push('whirlpool.fix.checkpointRoot must be a path or URI');

  let watermarkDelay = context.defaults.fix.watermarkDelay;
  const delaySetting = isRecord(fix) ? fix['watermarkDelay'] : undefined;
  if (typeof delaySetting === 'string' && /^\d+(\.\d+)?\s+[a-z]+$/i.test(delaySetting.trim())) watermarkDelay = delaySetting.trim();
  else if (delaySetting !== undefined && delaySetting !== null && delaySetting !== '') {
    problems.push(`whirlpool.fix.watermarkDelay ${JSON.stringify(delaySetting)} is not an interval like "10 minutes"`);
  }

  return {
    value: { enable, analysis: { ...context.defaults, sparkVersion, severity, fix: { checkpointRoot, watermarkDelay } }, sparkVersionSet, neverOnSave },
    problems,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
