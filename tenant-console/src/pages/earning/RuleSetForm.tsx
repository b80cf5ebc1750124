import { DeleteOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, type FormInstance, Input, InputNumber, Select, Space } from 'antd';

import { useI18n } from '../../i18n/I18nContext';
import { AUDIENCES, AWARD_KINDS, EARNING_TYPES, ROUNDINGS, type RuleSetValues, SEGMENTS } from './ruleSetDocument';
import { AddButton, ItemCard, noneIfEmpty, options } from './RuleSetParts';
import { CheckInSection, PackagesSection, ProgrammeSection, TasksSection, TiersSection } from './RuleSetSections';

export { EVENT_TYPES, loadRuleSet, ruleSetOf, type RuleSetValues, showRuleSetProblems } from './ruleSetDocument';

/**
 * The form-based builder of a whole rule set: its earning rules, tiers and perks, tasks and task packages, the daily
 * check-in, and the programme's caps and anti-abuse limits. Fields it has no control for (a rule's channels, a task's
 * conditions, anything newer than this console) stay in the document as they were and are edited in the JSON view.
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
      <Card title={t('rules.section.rules')} style={{ marginBottom: 16 }}>
        <RulesSection readOnly={readOnly} />
      </Card>
      <Card title={t('rules.section.tiers')} style={{ marginBottom: 16 }}>
        <TiersSection readOnly={readOnly} />
      </Card>
      <Card title={t('rules.section.tasks')} style={{ marginBottom: 16 }}>
        <TasksSection readOnly={readOnly} />
      </Card>
      <Card title={t('rules.section.packages')} style={{ marginBottom: 16 }}>
        <PackagesSection readOnly={readOnly} />
      </Card>
      <Card title={t('rules.section.checkIn')} style={{ marginBottom: 16 }}>
        <CheckInSection readOnly={readOnly} />
      </Card>
      <Card title={t('rules.section.programme')}>
        <ProgrammeSection readOnly={readOnly} />
      </Card>
    </Form>
  );
}

/** The earning rules: events, award, conditions, caps and limits of each. */
function RulesSection({ readOnly }: { readOnly?: boolean }) {
  const { t } = useI18n();
  const tiers = (Form.useWatch('tiers') ?? []) as { code?: string }[];
  const tierCodes = tiers.map((tier) => tier?.code).filter((code): code is string => Boolean(code));
  return (
    <Form.List name="rules">
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field) => (
            <ItemCard key={field.key} readOnly={readOnly} onRemove={() => remove(field.name)}>
              <Space wrap align="start">
                <Form.Item name={[field.name, 'id']} label={t('rules.rule.id')} rules={[{ required: true, whitespace: true }]}>
                  <Input style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'name']} label={t('rules.rule.name')}>
                  <Input style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'eventTypes']} label={t('rules.rule.eventTypes')} rules={[{ required: true }]}>
                  <Select mode="tags" style={{ width: 260 }} options={options(EARNING_TYPES)} />
                </Form.Item>
                <Form.Item name={[field.name, 'priority']} label={t('rules.rule.priority')}>
                  <InputNumber precision={0} style={{ width: 100 }} />
                </Form.Item>
              </Space>
              <Space wrap align="start">
                <Form.Item name={[field.name, 'award', 'kind']} label={t('rules.rule.kind')} rules={[{ required: true }]}>
                  <Select style={{ width: 170 }} options={options(AWARD_KINDS)} />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {({ getFieldValue }) => <AwardFields name={field.name} kind={getFieldValue(['rules', field.name, 'award', 'kind']) as string | undefined} readOnly={readOnly} />}
                </Form.Item>
              </Space>
              <Space wrap align="start">
                <Form.Item name={[field.name, 'when', 'minAmountFen']} label={t('rules.rule.minAmountFen')}>
                  <InputNumber precision={0} min={0} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'when', 'audiences']} label={t('rules.rule.audiences')} normalize={noneIfEmpty}>
                  <Select mode="multiple" allowClear style={{ width: 220 }} options={options(AUDIENCES)} />
                </Form.Item>
                <Form.Item name={[field.name, 'when', 'tiers']} label={t('rules.rule.tiers')} normalize={noneIfEmpty}>
                  <Select mode="multiple" allowClear style={{ width: 200 }} options={options(tierCodes)} />
                </Form.Item>
                <Form.Item name={[field.name, 'when', 'segments']} label={t('rules.rule.segments')} normalize={noneIfEmpty}>
                  <Select mode="multiple" allowClear style={{ width: 220 }} options={options(SEGMENTS)} />
                </Form.Item>
                <Form.Item name={[field.name, 'when', 'memberDays']} label={t('rules.rule.memberDays')} normalize={noneIfEmpty}>
                  <Select mode="multiple" allowClear style={{ width: 200 }} options={Array.from({ length: 31 }, (_, i) => ({ value: i + 1, label: String(i + 1) }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'when', 'expression']} label={t('rules.rule.expression')}>
                  <Input style={{ width: 320 }} placeholder="event.attributes.channel == 'app'" />
                </Form.Item>
              </Space>
              <Space wrap align="start">
                <Form.Item name={[field.name, 'perEventCap']} label={t('rules.rule.perEventCap')}>
                  <InputNumber precision={0} min={1} style={{ width: 130 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'pendingDays']} label={t('rules.rule.pendingDays')}>
                  <InputNumber precision={0} min={0} max={365} style={{ width: 120 }} />
                </Form.Item>
                {(['perMemberDay', 'perMemberWeek', 'perMemberMonth', 'budget'] as const).map((limit) => (
                  <Form.Item key={limit} name={[field.name, 'limits', limit]} label={t(`rules.rule.limits.${limit}`)}>
                    <InputNumber precision={0} min={1} style={{ width: 140 }} />
                  </Form.Item>
                ))}
              </Space>
            </ItemCard>
          ))}
          <Form.ErrorList errors={errors} />
          <AddButton readOnly={readOnly} onClick={() => add({ id: `rule-${fields.length + 1}`, eventTypes: ['ORDER_PAID'], award: { kind: 'PER_YUAN', points: 1 } })}>
            {t('rules.addRule')}
          </AddButton>
        </>
      )}
    </Form.List>
  );
}

/** What an award of its kind needs: points (and their rounding per yuan), a factor, or the thresholds of a bonus. */
function AwardFields({ name, kind, readOnly }: { name: number; kind?: string; readOnly?: boolean }) {
  const { t } = useI18n();
  if (kind === 'MULTIPLIER') {
    return (
      <Form.Item name={[name, 'award', 'factor']} label={t('rules.rule.factor')}>
        <InputNumber step={0.1} min={0} style={{ width: 100 }} />
      </Form.Item>
    );
  }
  if (kind === 'THRESHOLD_BONUS') {
    return (
      <Form.List name={[name, 'award', 'thresholds']}>
        {(fields, { add, remove }, { errors }) => (
          <div>
            <div style={{ marginBottom: 8 }}>{t('rules.rule.thresholds')}</div>
            {fields.map((field) => (
              <Space key={field.key} align="start">
                <Form.Item name={[field.name, 'minAmountFen']} aria-label={t('rules.rule.minAmountFen')}>
                  <InputNumber precision={0} min={0} placeholder={t('rules.rule.minAmountFen')} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'points']}>
                  <InputNumber precision={0} min={1} placeholder={t('rules.rule.points')} style={{ width: 120 }} />
                </Form.Item>
                {!readOnly && <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('rules.remove')} />}
              </Space>
            ))}
            <Form.ErrorList errors={errors} />
            <AddButton readOnly={readOnly} onClick={() => add({})}>{t('rules.rule.addThreshold')}</AddButton>
          </div>
        )}
      </Form.List>
    );
  }
  return (
    <>
      <Form.Item name={[name, 'award', 'points']} label={t('rules.rule.points')}>
        <InputNumber precision={0} style={{ width: 120 }} />
      </Form.Item>
      {kind === 'PER_YUAN' && (
        <Form.Item name={[name, 'award', 'rounding']} label={t('rules.rule.rounding')}>
          <Select allowClear style={{ width: 130 }} options={options(ROUNDINGS)} />
        </Form.Item>
      )}
    </>
  );
}
