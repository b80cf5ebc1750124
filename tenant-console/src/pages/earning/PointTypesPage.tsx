import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, Form, InputNumber, Modal, Select, Table } from 'antd';
import { useState } from 'react';

import { api } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import { useLoad } from '../../api/useLoad';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n/I18nContext';
import { formatFen, formatPoints } from '../format';

/** A point type and its rules (GET /api/v1/point-types). */
export interface PointType {
  id: string;
  code: string;
  name: string;
  anchorPoints: number;
  anchorAmountMinor: number;
  currency: string;
  expiryPolicy: 'NEVER' | 'ROLLING_MONTHS' | 'YEAR_END';
  expiryMonths: number;
  expiryYears: number;
  expiryReminderDays: number;
  transferDailyLimit: number;
  loanLimit: number;
  clawbackPolicy: 'NEGATIVE' | 'OTHER_LOTS' | 'WAIVE';
  pendingDays: number;
  createdAt: string;
}

const RULES = ['expiryPolicy', 'expiryMonths', 'expiryYears', 'expiryReminderDays', 'transferDailyLimit', 'loanLimit', 'clawbackPolicy', 'pendingDays'] as const;
type Rules = Pick<PointType, (typeof RULES)[number]>;

/** The fields whose value the form changed: PATCH leaves the others as they are. */
export function changedRules(before: PointType, values: Rules): Partial<Rules> {
  return Object.fromEntries(RULES.filter((name) => values[name] !== undefined && values[name] !== null && values[name] !== before[name]).map((name) => [name, values[name]]));
}

/** Changes a point type's rules (expiry for points earned from now on, reminders, transfers, loans, clawbacks, pending days). */
export function PointTypeForm({ pointType, onSaved }: { pointType: PointType; onSaved: (saved: PointType) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Rules>();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const policy = Form.useWatch('expiryPolicy', form) ?? pointType.expiryPolicy;
  const submit = async (values: Rules) => {
    setBusy(true);
    setProblems([]);
    try {
      onSaved(await api<PointType>(`/api/v1/point-types/${pointType.id}`, { method: 'PATCH', body: changedRules(pointType, values) }));
    } catch (error) {
      setProblems(showProblemAtFields(form, error));
    } finally {
      setBusy(false);
    }
  };
  const number = (name: keyof Rules, label: string, max: number, hidden = false) => (
    <Form.Item name={name} label={label} hidden={hidden}>
      <InputNumber min={0} max={max} precision={0} style={{ width: 200 }} />
    </Form.Item>
  );
  return (
    <Form form={form} layout="vertical" initialValues={pointType} onFinish={submit}>
      {problems.length > 0 && <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} />}
      <Form.Item name="expiryPolicy" label={t('pointTypes.expiryPolicy')}>
        <Select style={{ width: 200 }} options={['NEVER', 'ROLLING_MONTHS', 'YEAR_END'].map((p) => ({ value: p, label: t(`pointTypes.expiry.${p}` as never) }))} />
      </Form.Item>
      {number('expiryMonths', t('pointTypes.expiryMonths'), 120, policy !== 'ROLLING_MONTHS')}
      {number('expiryYears', t('pointTypes.expiryYears'), 10, policy !== 'YEAR_END')}
      {number('expiryReminderDays', t('pointTypes.expiryReminderDays'), 365)}
      {number('transferDailyLimit', t('pointTypes.transferDailyLimit'), 1_000_000_000)}
      {number('loanLimit', t('pointTypes.loanLimit'), 1_000_000_000)}
      <Form.Item name="clawbackPolicy" label={t('pointTypes.clawbackPolicy')}>
        <Select style={{ width: 200 }} options={['NEGATIVE', 'OTHER_LOTS', 'WAIVE'].map((p) => ({ value: p, label: t(`pointTypes.clawback.${p}` as never) }))} />
      </Form.Item>
      {number('pendingDays', t('pointTypes.pendingDays'), 365)}
      <Button type="primary" htmlType="submit" loading={busy}>{t('common.save')}</Button>
    </Form>
  );
}

/** The tenant's point types and their rules; admins change them. */
export default function PointTypesPage() {
  const { t } = useI18n();
  const { access } = useAuth();
  const types = useLoad(() => api<PointType[]>('/api/v1/point-types'), []);
  const [editing, setEditing] = useState<PointType | undefined>();
  const expiry = (type: PointType) =>
    type.expiryPolicy === 'ROLLING_MONTHS' ? t('pointTypes.rolling', { months: type.expiryMonths })
      : type.expiryPolicy === 'YEAR_END' ? t('pointTypes.yearEnd', { years: type.expiryYears }) : t('pointTypes.expiry.NEVER');
  return (
    <PageContainer>
      <Card>
        <Table<PointType>
          rowKey="id"
          size="small"
          pagination={false}
          loading={types.loading}
          dataSource={types.data ?? []}
          columns={[
            { title: t('pointTypes.code'), dataIndex: 'code' },
            { title: t('pointTypes.name'), dataIndex: 'name' },
            { title: t('pointTypes.anchor'), key: 'anchor', render: (_, type) => `${formatPoints(type.anchorPoints)} = ${type.currency === 'CNY' ? formatFen(type.anchorAmountMinor) : `${type.anchorAmountMinor} ${type.currency} (minor)`}` },
            { title: t('pointTypes.expiryPolicy'), key: 'expiry', render: (_, type) => expiry(type) },
            { title: t('pointTypes.expiryReminderDays'), dataIndex: 'expiryReminderDays' },
            { title: t('pointTypes.transferDailyLimit'), dataIndex: 'transferDailyLimit', render: (v: number) => formatPoints(v) },
            { title: t('pointTypes.loanLimit'), dataIndex: 'loanLimit', render: (v: number) => formatPoints(v) },
            { title: t('pointTypes.clawbackPolicy'), dataIndex: 'clawbackPolicy', render: (v: string) => t(`pointTypes.clawback.${v}` as never) },
            { title: t('pointTypes.pendingDays'), dataIndex: 'pendingDays' },
            ...(access.canAdmin
              ? [{ title: t('common.actions'), key: 'edit', render: (_: unknown, type: PointType) => <Button size="small" onClick={() => setEditing(type)}>{t('common.edit')}</Button> }]
              : []),
          ]}
        />
      </Card>
      <Modal open={Boolean(editing)} footer={null} destroyOnHidden title={editing?.name} onCancel={() => setEditing(undefined)}>
        {editing && <PointTypeForm pointType={editing} onSaved={() => { setEditing(undefined); types.reload(); }} />}
      </Modal>
    </PageContainer>
  );
}
