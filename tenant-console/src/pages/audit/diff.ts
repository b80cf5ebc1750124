/** One field that a change touched: its path in the resource's representation and its value before and after. */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

function leaves(value: unknown, path: string, into: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      into.set(path, []);
    }
    value.forEach((element, i) => leaves(element, `${path}[${i}]`, into));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) {
      into.set(path, {});
    }
    for (const [name, element] of entries) {
      leaves(element, path ? `${path}.${name}` : name, into);
    }
  } else if (path || value !== undefined) {
    into.set(path, value);
  }
}

/**
 * What differs between a resource's representation before and after a change, field by field (nested fields as
 * `award.points`, list elements as `rules[2]`), in the order the fields appear. A creation (no before) lists every
 * field as added, a removal (no after) every field as removed.
 */
export function diffOf(before: unknown, after: unknown): FieldChange[] {
  const old = new Map<string, unknown>();
  const now = new Map<string, unknown>();
  if (before !== null && before !== undefined) {
    leaves(before, '', old);
  }
  if (after !== null && after !== undefined) {
    leaves(after, '', now);
  }
  const paths = [...new Set([...old.keys(), ...now.keys()])];
  return paths
    .filter((path) => JSON.stringify(old.get(path)) !== JSON.stringify(now.get(path)))
    .map((path) => ({
      path: path || '(value)',
      ...(old.has(path) ? { before: old.get(path) } : {}),
      ...(now.has(path) ? { after: now.get(path) } : {}),
    }));
}

/** A value as the diff shows it: strings bare, the rest as JSON, an absent one as a dash. */
export function shown(value: unknown): string {
  if (value === undefined) {
    return '–';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
