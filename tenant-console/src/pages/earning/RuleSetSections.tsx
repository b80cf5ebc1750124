import { DeleteOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';

import { useI18n } from '../../i18n/I18nContext';
import { AddButton, ItemCard, options } from './RuleSetParts';
import { EARNING_TYPES, REVIEW_PERIODS, SCORE_BASES, STACKINGS, TASK_PERIODS } from './ruleSetDocument';

/** An instant of the document (ISO-8601 text) in a date picker, kept as text in the form's store. */
const instantProps = {
  getValueProps: (value?: string | null) => ({ value: value ? dayjs(value) : undefined }),
  normalize: (value?: Dayjs | null) => (value ? value.toISOString() : undefined),
};

/** The tier ladder (each rung's code, name, qualifying score and perks), what its score counts over, and the review. */
export function TiersSection({ readOnly }: { readOnly?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <Space wrap align="start">
        <Form.Item name={['tierScore', 'basis']} label={t('rules.tierScore.basis')}>
          <Select allowClear style={{ width: 140 }} options={options(SCORE_BASES)} />
        </Form.Item>
        <Form.Item name={['tierScore', 'spendWeightPercent']} label={t('rules.tierScore.spendWeightPercent')}>
          <InputNumber precision={0} min={0} max={1000} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name={['tierScore', 'interactionWeightPercent']} label={t('rules.tierScore.interactionWeightPercent')}>
          <InputNumber precision={0} min={0} max={1000} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="tierWindowDays" label={t('rules.tierWindowDays')}>
          <InputNumber precision={0} min={1} max={3660} style={{ width: 140 }} />
        </Form.Item>
      </Space>
      <Space wrap align="start">
        <Form.Item name={['tierReview', 'period']} label={t('rules.tierReview.period')}>
          <Select allowClear style={{ width: 140 }} options={options(REVIEW_PERIODS)} />
        </Form.Item>
        <Form.Item name={['tierReview', 'retentionDays']} label={t('rules.tierReview.retentionDays')}>
          <InputNumber precision={0} min={1} max={90} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name={['tierReview', 'retentionMultiplier']} label={t('rules.tierReview.retentionMultiplier')}>
          <InputNumber step={0.1} min={1} max={10} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name={['tierReview', 'calendarWindow']} label={t('rules.tierReview.calendarWindow')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Space>
      <Form.List name="tiers">
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field) => (
              <ItemCard key={field.key} readOnly={readOnly} onRemove={() => remove(field.name)}>
                <Space wrap align="start">
                  <Form.Item name={[field.name, 'code']} label={t('rules.tier.code')} rules={[{ required: true, whitespace: true }]}>
                    <Input style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} label={t('rules.tier.name')} rules={[{ required: true, whitespace: true }]}>
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'minScore']} label={t('rules.tier.minScore')} rules={[{ required: true }]}>
                    <InputNumber precision={0} min={0} style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'earnMultiplier']} label={t('rules.tier.earnMultiplier')}>
                    <InputNumber step={0.1} min={0} max={10} style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'loanLimit']} label={t('rules.tier.loanLimit')}>
                    <InputNumber precision={0} min={0} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'birthdayPoints']} label={t('rules.tier.birthdayPoints')}>
                    <InputNumber precision={0} min={0} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'redemptionFeePercent']} label={t('rules.tier.redemptionFeePercent')}>
                    <InputNumber precision={2} min={0} max={100} style={{ width: 130 }} />
                  </Form.Item>
                </Space>
              </ItemCard>
            ))}
            <Form.ErrorList errors={errors} />
            <AddButton readOnly={readOnly} onClick={() => add({ code: `tier-${fields.length + 1}`, minScore: 0 })}>{t('rules.tier.add')}</AddButton>
          </>
        )}
      </Form.List>
    </>
  );
}

/** The tasks: so many events of a type in a period earn points once per period, or unlock something. */
export function TasksSection({ readOnly }: { readOnly?: boolean }) {
  const { t } = useI18n();
  return (
    <Form.List name="tasks">
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field) => (
            <ItemCard key={field.key} readOnly={readOnly} onRemove={() => remove(field.name)}>
              <Space wrap align="start">
                <Form.Item name={[field.name, 'id']} label={t('rules.task.id')} rules={[{ required: true, whitespace: true }]}>
                  <Input style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'name']} label={t('rules.task.name')} rules={[{ required: true, whitespace: true }]}>
                  <Input style={{ width: 180 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'eventType']} label={t('rules.task.eventType')} rules={[{ required: true }]}>
                  <Select showSearch style={{ width: 200 }} options={options(EARNING_TYPES)} />
                </Form.Item>
                <Form.Item name={[field.name, 'count']} label={t('rules.task.count')} rules={[{ required: true }]}>
                  <InputNumber precision={0} min={1} max={1000} style={{ width: 100 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'points']} label={t('rules.task.points')} rules={[{ required: true }]}>
                  <InputNumber precision={0} min={0} style={{ width: 120 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'period']} label={t('rules.task.period')}>
                  <Select allowClear style={{ width: 110 }} options={options(TASK_PERIODS)} />
                </Form.Item>
              </Space>
              <Space wrap align="start">
                <Form.Item name={[field.name, 'from']} label={t('rules.task.from')} {...instantProps}>
                  <DatePicker showTime />
                </Form.Item>
                <Form.Item name={[field.name, 'to']} label={t('rules.task.to')} {...instantProps}>
                  <DatePicker showTime />
                </Form.Item>
                <Form.Item name={[field.name, 'unlocks']} label={t('rules.task.unlocks')}>
                  <Input style={{ width: 200 }} />
                </Form.Item>
              </Space>
            </ItemCard>
          ))}
          <Form.ErrorList errors={errors} />
          <AddButton readOnly={readOnly} onClick={() => add({ id: `task-${fields.length + 1}`, eventType: 'SHARE', count: 1, points: 10, period: 'DAY' })}>
            {t('rules.task.add')}
          </AddButton>
        </>
      )}
    </Form.List>
  );
}

/** Task packages: completing every task of one earns its points (and unlock) once. */
export function PackagesSection({ readOnly }: { readOnly?: boolean }) {
  const { t } = useI18n();
  const tasks = (Form.useWatch('tasks') ?? []) as { id?: string }[];
  const taskIds = tasks.map((task) => task?.id).filter((id): id is string => Boolean(id));
  return (
    <Form.List name="taskPackages">
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field) => (
            <ItemCard key={field.key} readOnly={readOnly} onRemove={() => remove(field.name)}>
              <Space wrap align="start">
                <Form.Item name={[field.name, 'id']} label={t('rules.package.id')} rules={[{ required: true, whitespace: true }]}>
                  <Input style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'name']} label={t('rules.package.name')} rules={[{ required: true, whitespace: true }]}>
                  <Input style={{ width: 180 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'tasks']} label={t('rules.package.tasks')} rules={[{ required: true }]}>
                  <Select mode="multiple" style={{ width: 280 }} options={options(taskIds)} />
                </Form.Item>
                <Form.Item name={[field.name, 'points']} label={t('rules.task.points')} rules={[{ required: true }]}>
                  <InputNumber precision={0} min={0} style={{ width: 120 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'unlocks']} label={t('rules.task.unlocks')}>
                  <Input style={{ width: 200 }} />
                </Form.Item>
              </Space>
            </ItemCard>
          ))}
          <Form.ErrorList errors={errors} />
          <AddButton readOnly={readOnly} onClick={() => add({ id: `package-${fields.length + 1}`, tasks: [], points: 100 })}>{t('rules.package.add')}</AddButton>
        </>
      )}
    </Form.List>
  );
}

/** The daily check-in (on or off), its streak bonuses and cycle, and how often one device may check in. */
export function CheckInSection({ readOnly }: { readOnly?: boolean }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const checkIn = Form.useWatch('checkIn', { form, preserve: true }) as unknown;
  return (
    <>
      <Form.Item label={t('rules.checkIn.enabled')}>
        <Switch
          id="checkIn-enabled"
          aria-label={t('rules.checkIn.enabled')}
          checked={Boolean(checkIn)}
          onChange={(on) => form.setFields([{ name: ['checkIn'], value: on ? { dailyPoints: 10 } : undefined }])}
        />
      </Form.Item>
      {Boolean(checkIn) && (
        <>
          <Space wrap align="start">
            <Form.Item name={['checkIn', 'dailyPoints']} label={t('rules.checkIn.dailyPoints')} rules={[{ required: true }]}>
              <InputNumber precision={0} min={0} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name={['checkIn', 'cycleDays']} label={t('rules.checkIn.cycleDays')}>
              <InputNumber precision={0} min={1} style={{ width: 140 }} />
            </Form.Item>
          </Space>
          <Form.List name={['checkIn', 'streakBonuses']}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="start">
                    <Form.Item name={[field.name, 'day']} label={t('rules.checkIn.day')}>
                      <InputNumber precision={0} min={1} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'points']} label={t('rules.checkIn.bonus')}>
                      <InputNumber precision={0} min={1} style={{ width: 120 }} />
                    </Form.Item>
                    {!readOnly && <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('rules.remove')} />}
                  </Space>
                ))}
                <Form.ErrorList errors={errors} />
                <AddButton readOnly={readOnly} onClick={() => add({ day: 7, points: 100 })}>{t('rules.checkIn.addBonus')}</AddButton>
              </>
            )}
          </Form.List>
        </>
      )}
      <Form.Item name="deviceCheckInsPerMinute" label={t('rules.deviceCheckInsPerMinute')} style={{ marginTop: 16 }}>
        <InputNumber precision={0} min={1} style={{ width: 140 }} />
      </Form.Item>
    </>
  );
}

/** The programme's point type, how multipliers stack, its caps, and the events of a type a member earns from in a day. */
export function ProgrammeSection({ readOnly }: { readOnly?: boolean }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const limits = (Form.useWatch('dailyEventLimits', { form, preserve: true }) ?? {}) as Record<string, unknown>;
  const [adding, setAdding] = useState<string | undefined>();
  const types = Object.keys(limits);
  return (
    <>
      <Space wrap align="start">
        <Form.Item name="pointType" label={t('rules.pointType')}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="stacking" label={t('rules.stacking')}>
          <Select allowClear style={{ width: 130 }} options={options(STACKINGS)} />
        </Form.Item>
        <Form.Item name="dailyCapPerMember" label={t('rules.dailyCapPerMember')}>
          <InputNumber precision={0} min={1} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="maxPointsPerEvent" label={t('rules.maxPointsPerEvent')}>
          <InputNumber precision={0} min={1} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="maxAmountFen" label={t('rules.maxAmountFen')}>
          <InputNumber precision={0} min={1} style={{ width: 170 }} />
        </Form.Item>
      </Space>
      <div style={{ marginBottom: 8 }}>{t('rules.dailyEventLimits')}</div>
      {types.map((type) => (
        <Space key={type} align="start">
          <Form.Item name={['dailyEventLimits', type]} label={type}>
            <InputNumber precision={0} min={1} style={{ width: 120 }} />
          </Form.Item>
          {!readOnly && (
            <Button type="text" danger icon={<DeleteOutlined />} aria-label={`${t('rules.remove')} ${type}`}
              onClick={() => form.setFields([{ name: ['dailyEventLimits'], value: Object.fromEntries(Object.entries(limits).filter(([key]) => key !== type)) }])} />
          )}
        </Space>
      ))}
      {!readOnly && (
        <Space.Compact style={{ display: 'flex' }}>
          <Select showSearch allowClear style={{ width: 220 }} value={adding} onChange={setAdding} aria-label={t('rules.dailyEventLimits.add')}
            placeholder={t('rules.dailyEventLimits.add')} options={options(EARNING_TYPES.filter((type) => !types.includes(type)))} />
          <AddButton readOnly={readOnly} onClick={() => {
            if (adding) {
              form.setFields([{ name: ['dailyEventLimits', adding], value: 10 }]);
              setAdding(undefined);
            }
          }}>{t('rules.dailyEventLimits.add')}</AddButton>
        </Space.Compact>
      )}
    </>
  );
}
