// Checks a SARIF 2.1.0 log for the properties the standard requires (and the
// ones code-scanning services reject a file without). Returns the problems,
// so a test shows all of them at once.

export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  const object = (value: unknown, where: string): Record<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${where} must be an object`);
      return {};
    }
    return value as Record<string, unknown>;
  };
  const array = (value: unknown, where: string): unknown[] => {
    if (!Array.isArray(value)) {
      problems.push(`${where} must be an array`);
      return [];
    }
    return value;
  };
  const positive = (value: unknown, where: string): void => {
    if (!Number.isInteger(value) || (value as number) < 1) problems.push(`${where} must be an integer >= 1`);
  };
  const top = object(log, 'log');
  if (top['version'] !== '2.1.0') problems.push('version must be "2.1.0"');
  if (typeof top['$schema'] !== 'string') problems.push('$schema should name the SARIF schema');
  array(top['runs'], 'runs').forEach((runValue, runIndex) => {
    const run = object(runValue, `runs[${runIndex}]`);
    const driver = object(object(run['tool'], `runs[${runIndex}].tool`)['driver'], `runs[${runIndex}].tool.driver`);
    if (typeof driver['name'] !== 'string' || driver['name'] === '') problems.push('tool.driver.name is required');
    const rules = array(driver['rules'] ?? [], 'tool.driver.rules').map((rule, index) => object(rule, `rules[${index}]`));
    const ruleIds = rules.map((rule) => rule['id']);
    rules.forEach((rule, index) => {
      if (typeof rule['id'] !== 'string') problems.push(`rules[${index}].id is required`);
      if (rule['helpUri'] !== undefined && !isUrl(rule['helpUri'])) problems.push(`rules[${index}].helpUri must be an absolute URI`);
    });
    if (new Set(ruleIds).size !== ruleIds.length) problems.push('rule ids must be unique');
    array(run['results'], `runs[${runIndex}].results`).forEach((resultValue, index) => {
      const where = `results[${index}]`;
      const result = object(resultValue, where);
      const message = object(result['message'], `${where}.message`);
      if (typeof message['text'] !== 'string' || message['text'] === '') problems.push(`${where}.message.text is required`);
      if (typeof result['ruleId'] !== 'string') problems.push(`${where}.ruleId should be set`);
      if (result['ruleIndex'] !== undefined && ruleIds[result['ruleIndex'] as number] !== result['ruleId']) {
        problems.push(`${where}.ruleIndex must point at the rule named by ruleId`);
      }
      if (result['level'] !== undefined && !['none', 'note', 'warning', 'error'].includes(result['level'] as string)) {
        problems.push(`${where}.level is not a SARIF level`);
      }
      const locations = array(result['locations'], `${where}.locations`);
      if (locations.length === 0) problems.push(`${where} has no location`);
      locations.forEach((locationValue, locationIndex) => {
        const physical = object(object(locationValue, `${where}.locations[${locationIndex}]`)['physicalLocation'], `${where}.physicalLocation`);
        const artifact = object(physical['artifactLocation'], `${where}.artifactLocation`);
        if (typeof artifact['uri'] !== 'string' || artifact['uri'] === '') problems.push(`${where}.artifactLocation.uri is required`);
        const region = object(physical['region'], `${where}.region`);
        positive(region['startLine'], `${where}.region.startLine`);
        if (region['startColumn'] !== undefined) positive(region['startColumn'], `${where}.region.startColumn`);
        if (region['endLine'] !== undefined && (region['endLine'] as number) < (region['startLine'] as number)) {
          problems.push(`${where}.region ends before it starts`);
        }
      });
    });
  });
  return problems;
}

function isUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
