import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';

import { ApiProblem } from '../../api/client';
import { fieldPath } from '../../api/problem';
import type { RuleSet } from '../../api/types';

/**
 * The form's model: the rule set document itself at the top (so the API's "rules[2].award.points" names a field here),
 * plus the version's range and note. The form's store holds the whole document, fields it has no control for
 * included: they travel with their rule, tier or task when one is removed, and come back out as they went in.
 */
export type RuleSetValues = RuleSet & { effectiveFrom?: Dayjs; note?: string };

type Name = (string | number)[];

/** The server's event types (rules.RuleSetValidator.EVENT_TYPES); custom ones are `custom.<name>`. */
export const EVENT_TYPES = ['ORDER_PAID', 'ORDER_REFUNDED', 'REGISTER', 'PROFILE_COMPLETED', 'CHECK_IN', 'SHARE', 'REVIEW', 'UGC_POST',
  'BROWSE', 'INVITE_ACCEPTED', 'INVITED_FIRST_ORDER', 'STORE_SCAN'];
/** The event types that earn (a refund takes back, it never earns). */
export const EARNING_TYPES = EVENT_TYPES.filter((type) => type !== 'ORDER_REFUNDED');
export const AWARD_KINDS = ['FIXED', 'PER_YUAN', 'MULTIPLIER', 'THRESHOLD_BONUS'];
export const ROUNDINGS = ['FLOOR', 'HALF_UP', 'CEILING'];
export const STACKINGS = ['MAX', 'SUM', 'PRODUCT'];
export const TASK_PERIODS = ['ONCE', 'DAY', 'WEEK', 'MONTH'];
export const SCORE_BASES = ['POINTS', 'SPEND', 'GROWTH'];
export const REVIEW_PERIODS = ['MONTH', 'QUARTER', 'YEAR'];
export const AUDIENCES = ['CONSUMER', 'EMPLOYEE', 'DEALER', 'SALES_GUIDE'];
export const SEGMENTS = ['HIGH_VALUE', 'POTENTIAL', 'REGULAR', 'DORMANT', 'CHURNED'];

/** The form's values back into the rule set: the document without the version's fields and the empties the form leaves. */
export function ruleSetOf(values: RuleSetValues): RuleSet {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { effectiveFrom, note, ...document } = values;
  const rules = document.rules ?? [];
  return prune({ ...document, rules }) as RuleSet;
}

/**
 * Puts {@code document} into the form in place of what it holds (the JSON view's edit coming back): each part of the
 * document replaces the form's whole (setFieldsValue would merge objects, so a key deleted in the JSON would stay).
 */
export function loadRuleSet(form: FormInstance<RuleSetValues>, document: RuleSet): void {
  const held = Object.keys(form.getFieldsValue(true) ?? {}).filter((key) => key !== 'effectiveFrom' && key !== 'note');
  const keys = [...new Set([...held, ...Object.keys(document)])];
  form.setFields(keys.map((key) => ({ name: [key], value: (document as Record<string, unknown>)[key], errors: [] })));
}

/** Drops what the form leaves empty (undefined, null, objects left with nothing in them), recursively; the API reads absent and null alike. */
function prune<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map(prune) as T;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, prune(v)]);
    const kept = Object.fromEntries(entries.filter(([, v]) => !(v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)));
    return kept as T;
  }
  return value;
}

/**
 * The form field a problem of the rule set's validator is shown at. Most name a field as it is; a few name a whole part
 * (a streak bonus, a threshold, a rule's limits or conditions, the tier score or review), shown at its first field; an
 * event type's daily limit is a key that may hold dots (`dailyEventLimits.custom.scan`).
 */
export function formNameOf(field: string): Name {
  const limit = /^dailyEventLimits\.(.+)$/.exec(field);
  if (limit) {
    return ['dailyEventLimits', limit[1]];
  }
  const path = fieldPath(field);
  const shape = path.map((part) => (typeof part === 'number' ? '#' : part)).join('.');
  switch (shape) {
    case 'tierScore':
      return [...path, 'basis'];
    case 'tierReview':
      return [...path, 'period'];
    case 'checkIn.streakBonuses.#':
      return [...path, 'day'];
    case 'rules.#':
      return [...path, 'id'];
    case 'rules.#.limits':
      return [...path, 'perMemberDay'];
    case 'rules.#.when':
      return [...path, 'minAmountFen'];
    case 'rules.#.award.thresholds.#':
      return [...path, 'minAmountFen'];
    default:
      return path;
  }
}

function sameName(a: Name, b: Name): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/**
 * Shows a refusal of a rule set at the form's fields its problems name; answers the rest (problems naming no field of
 * the form, each with its path, or the detail when none is named) for the page to list.
 */
export function showRuleSetProblems(form: FormInstance<RuleSetValues>, error: unknown): string[] {
  if (!(error instanceof ApiProblem)) {
    return [error instanceof Error ? error.message : String(error)];
  }
  if (error.errors.length === 0) {
    return [error.detail || error.title];
  }
  const registered = form.getFieldsError().map((entry) => entry.name as Name);
  const byField = new Map<string, { name: Name; errors: string[] }>();
  const elsewhere: string[] = [];
  for (const problem of error.errors) {
    const name = formNameOf(problem.field);
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
