import type { FormInstance } from 'antd';

import { ApiProblem } from './client';

/** "rules[2].award.factor" as an Ant Design field name: ['rules', 2, 'award', 'factor']. */
export function fieldPath(field: string): (string | number)[] {
  return field
    .split(/[.[\]]/)
    .filter((part) => part.length > 0)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function sameName(a: (string | number)[], b: (string | number)[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/**
 * Shows a refusal's bad fields at the form's fields they name. Answers what is left to show elsewhere: the problems
 * whose field the form does not have, and the detail when no field was named.
 */
export function showProblemAtFields(form: FormInstance, error: unknown, prefix: (string | number)[] = []): string[] {
  if (!(error instanceof ApiProblem)) {
    return [error instanceof Error ? error.message : String(error)];
  }
  if (error.errors.length === 0) {
    return [error.detail || error.title];
  }
  const registered = form.getFieldsError().map((entry) => entry.name as (string | number)[]);
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const elsewhere: string[] = [];
  for (const problem of error.errors) {
    const path = fieldPath(problem.field);
    const name = path.slice(0, prefix.length).every((part, i) => part === prefix[i]) ? path.slice(prefix.length) : path;
    if (registered.some((field) => sameName(field, name))) {
      const key = JSON.stringify(name);
      const entry = byField.get(key) ?? { name, errors: [] };
      entry.errors.push(problem.message);
      byField.set(key, entry);
    } else {
      elsewhere.push(`${problem.field}: ${problem.message}`);
    }
  }
  form.setFields([...byField.values()]);
  return elsewhere;
}
