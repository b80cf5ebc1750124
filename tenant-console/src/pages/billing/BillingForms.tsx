import { Alert, Button, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';

import { api } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import { useI18n } from '../../i18n/I18nContext';
import type { CreditNote, Plan, Subscription } from './types';

/** Sends {@code send}; a refusal's fields are shown at the form's fields, the rest above it. */
function useSubmit<V>(form: ReturnType<typeof Form.useForm<V>>[0]) {
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (send: () => Promise<void>) => {
    setBusy(true);
    setProblems([]);
    try {
      await send();
    } catch (error) {
      setProblems(showProblemAtFields(form, error));
    } finally {
      setBusy(false);
    }
  };
  return { problems, busy, submit };
}

function Problems({ problems }: { problems: string[] }) {
  const { t } = useI18n();
  return problems.length > 0 ? <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} /> : null;
}

type PlanValues = Omit<Plan, 'version' | 'createdAt' | 'taxBp'> & { taxBp?: number | null };

/** Publishes a plan's next version (or a new plan): fees in fen, rates in basis points; without tax the configured default. */
export function PlanForm({ onPublished, initial }: { onPublished: (plan: Plan) => void; initial?: Plan }) {
  const { t } = useI18n();
  const [form] = Form.useForm<PlanValues>();
  const { problems, busy, submit } = useSubmit(form);
  const fen = (name: keyof PlanValues, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <InputNumber min={0} precision={0} style={{ width: 200 }} />
    </Form.Item>
  );
  return (
    <Form form={form} layout="vertical" initialValues={initial}
      onFinish={(values) => submit(async () => onPublished(await api<Plan>('/api/v1/operator/billing/plans', { method: 'POST', body: values })))}>
      <Problems problems={problems} />
      <Form.Item name="code" label={t('billing.plan.code')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={64} disabled={Boolean(initial)} />
      </Form.Item>
      <Form.Item name="name" label={t('billing.plan.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={100} />
      </Form.Item>
      {fen('baseFeeFen', t('billing.plan.baseFee'))}
      {fen('includedMembers', t('billing.plan.includedMembers'))}
      {fen('overageFenPerMember', t('billing.plan.overage'))}
      {fen('serviceFeeBp', t('billing.plan.serviceFeeBp'))}
      {fen('goodsMarginBp', t('billing.plan.goodsMarginBp'))}
      {fen('notificationFen', t('billing.plan.notification'))}
      <Form.Item name="taxBp" label={t('billing.plan.taxBp')}>
        <InputNumber min={0} precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>{t('billing.plan.publish')}</Button>
    </Form>
  );
}

interface SubscribeValues {
  planCode: string;
  startsOn: Dayjs;
  trialEndsOn?: Dayjs | null;
}

/** Puts a tenant on a plan's latest version from a day (a change mid-month is prorated by day). */
export function SubscribeForm({ tenantId, plans, onSubscribed }: { tenantId: string; plans: Plan[]; onSubscribed: (s: Subscription) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<SubscribeValues>();
  const { problems, busy, submit } = useSubmit(form);
  return (
    <Form form={form} layout="inline" style={{ rowGap: 8 }}
      onFinish={(values) => submit(async () => onSubscribed(await api<Subscription>(`/api/v1/operator/billing/tenants/${tenantId}/subscriptions`, {
        method: 'POST',
        body: { planCode: values.planCode, startsOn: values.startsOn.format('YYYY-MM-DD'), trialEndsOn: values.trialEndsOn ? values.trialEndsOn.format('YYYY-MM-DD') : null },
      })))}>
      <Problems problems={problems} />
      <Form.Item name="planCode" label={t('billing.plan')} rules={[{ required: true }]}>
        <Select style={{ width: 200 }} options={plans.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))} />
      </Form.Item>
      <Form.Item name="startsOn" label={t('billing.startsOn')} rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="trialEndsOn" label={t('billing.trialEndsOn')}>
        <DatePicker />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>{t('billing.subscribe')}</Button>
    </Form>
  );
}

/** A credit note against an invoice: an amount of fen and a reason. */
export function CreditNoteForm({ tenantId, invoiceId, onCredited }: { tenantId: string; invoiceId: string; onCredited: (note: CreditNote) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ amountFen: number; reason: string }>();
  const { problems, busy, submit } = useSubmit(form);
  return (
    <Form form={form} layout="vertical"
      onFinish={(values) => submit(async () => onCredited(await api<CreditNote>(`/api/v1/operator/billing/tenants/${tenantId}/invoices/${invoiceId}/credit-notes`, {
        method: 'POST', body: values,
      })))}>
      <Problems problems={problems} />
      <Form.Item name="amountFen" label={t('billing.credit.amountFen')} rules={[{ required: true }]}>
        <InputNumber min={1} precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="reason" label={t('billing.credit.reason')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>{t('billing.credit')}</Button>
    </Form>
  );
}
