// Reading session confs the way Spark does: booleans from strings or literals.

import type { SessionConf } from '../model/pipeline';

/** True when a conf's value is a literal false (`False`, `"false"`, `"FALSE"`). */
export function isFalse(conf: SessionConf): boolean {
  const value = conf.value.value;
  if (value.kind === 'boolean') return !value.value;
  return value.kind === 'string' && value.value.trim().toLowerCase() === 'false';
}
