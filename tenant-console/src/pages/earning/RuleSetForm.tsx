import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, type FormInstance, Input, InputNumber, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';

import type { RuleSet } from '../../api/types';
import { useI18n } from '../../i18n/I18nContext';

/** The form's model: the rule set's fields at the top (so the API's "rules[2].award.points" names a field here) and the version's range. */
export type RuleSetValues = RuleSet & { effectiveFrom?: Dayjs; note?: string };

export const EVENT_TYPES = ['ORDER_PAID', 'ORDER_REFUNDED', 'SIGN_UP', 'CHECK_IN', 'REVIEW', 'SHARE', 'BIRTHDAY'];
export const AWARD_KINDS = ['FIXED', 'PER_YUAN', 'MULTIPLIER', 'THRESHOLD_BONUS'];

/**
 * The form-based builder of the common rules (event types, award, a minimum amount); everything else in the rule set
 * (tiers, tasks, check-in, limits) is kept as it is and edited in the JSON view.
 */
export function RuleSetForm({ form, readOnly, initialValues }: { form: FormInstance<RuleSetValues>; readOnly?: boolean; initialValues?: RuleSetValues }) {
  const { t } = useI18n();
  return (
    <Form<RuleSetValues> form={form} layout="vertical" disabled={readOnly} initialValues={initialValues}>
      <Space wrap>
        <Form.Item name="effectiveFrom" label={t('rules.effectiveFrom')} rules={[{ required: true }]}>
          <DatePicker showTime />
        </Form.Item>
        <Form.Item name="note" label={t('rules.note')}>
          <Input style={{ width: 360 }} maxLength={200} />
        </Form.Item>
      </Space>
      <Form.List name="rules">
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field) => (
              <Card
                key={field.key}
                size="small"
                style={{ marginBottom: 12 }}
                extra={readOnly ? null : <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="remove" />}
              >
                <Space wrap align="start">
                  <Form.Item name={[field.name, 'id']} label={t('rules.rule.id')} rules={[{ required: true, whitespace: true }]}>
                    <Input style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} label={t('rules.rule.name')}>
                    <Input style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'eventTypes']} label={t('rules.rule.eventTypes')} rules={[{ required: true }]}>
                    <Select mode="tags" style={{ width: 240 }} options={EVENT_TYPES.map((type) => ({ value: type, label: type }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'award', 'kind']} label={t('rules.rule.kind')} rules={[{ required: true }]}>
                    <Select style={{ width: 170 }} options={AWARD_KINDS.map((kind) => ({ value: kind, label: kind }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'award', 'points']} label={t('rules.rule.points')}>
                    <InputNumber precision={0} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'award', 'factor']} label={t('rules.rule.factor')}>
                    <InputNumber step={0.1} style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'when', 'minAmountFen']} label={t('rules.rule.minAmountFen')}>
                    <InputNumber precision={0} min={0} style={{ width: 160 }} />
                  </Form.Item>
                </Space>
              </Card>
            ))}
            <Form.ErrorList errors={errors} />
            {!readOnly && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ id: `rule-${fields.length + 1}`, eventTypes: ['ORDER_PAID'], award: { kind: 'PER_YUAN', points: 1 } })}>
                {t('rules.addRule')}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </Form>
  );
}

/** The form's values back into the rule set: the fields the form edits over the document they came from. */
export function ruleSetOf(base: RuleSet, values: RuleSetValues): RuleSet {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { effectiveFrom, note, ...rest } = values;
  const baseRules = base.rules ?? [];
  const rules = (rest.rules ?? []).map((rule, i) => {
    const before = baseRules[i] ?? {};
    return prune({ ...before, ...rule, award: { ...(before.award ?? {}), ...rule.award }, when: rule.when || before.when ? { ...(before.when ?? {}), ...(rule.when ?? {}) } : undefined });
  });
  return { ...base, ...rest, rules } as RuleSet;
}

/** Drops empty values the form leaves (undefined, null), recursively; the API treats absent and null alike. */
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
