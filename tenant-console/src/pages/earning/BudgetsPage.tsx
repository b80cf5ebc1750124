import { PageContainer } from '@ant-design/pro-components';
import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';

import { api, ApiProblem, idempotencyKey } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import type { CursorPage } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useAuth } from '../../auth/AuthContext';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n/I18nContext';
import { formatPoints, formatTime } from '../format';
import { LineProblems } from '../members/MemberImportPage';

interface Budget {
  code: string;
  name: string;
  funded: number;
  granted: number;
  remaining: number;
}

interface Movement {
  id: string;
  budget: string;
  kind: string;
  points: number;
  lines: number;
  remaining: number;
}

interface WelfareSchedule {
  id: string;
  budget: string;
  dayOfMonth: number;
  points: number;
  audience: string;
  reason: string;
  active: boolean;
  runs: { month: string; status: string; members: number; points: number; detail?: string | null; ranAt: string }[];
}

/** A form that posts and shows a refusal at its fields (the rest above it). */
function useSend<V extends object>() {
  const [form] = Form.useForm<V>();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const send = async (post: () => Promise<void>) => {
    setBusy(true);
    setProblems([]);
    try {
      await post();
    } catch (error) {
      setProblems(showProblemAtFields(form, error));
    } finally {
      setBusy(false);
    }
  };
  return { form, problems, busy, send };
}

function Problems({ problems }: { problems: string[] }) {
  const { t } = useI18n();
  return problems.length > 0 ? <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} /> : null;
}

/** Puts points into a budget; the movement id makes a repeated submission count once. */
export function FundingForm({ code, onDone }: { code: string; onDone: (movement: Movement) => void }) {
  const { t } = useI18n();
  const { form, problems, busy, send } = useSend<{ points: number; reason: string }>();
  const [id] = useState(() => `funding-${idempotencyKey()}`);
  return (
    <Form form={form} layout="vertical" onFinish={(values) => send(async () => onDone(await api<Movement>(`/api/v1/earning/budgets/${encodeURIComponent(code)}/fundings`, { method: 'POST', body: { id, ...values } })))}>
      <Problems problems={problems} />
      <Form.Item name="points" label={t('budgets.points')} rules={[{ required: true }]}>
        <InputNumber min={1} precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="reason" label={t('members.adjust.reason')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>{t('budgets.fund')}</Button>
    </Form>
  );
}

/** A bulk grant from a budget as a CSV file (external_id,points): all of it, or every bad line named. */
export function GrantUpload({ code, onDone }: { code: string; onDone: (movement: Movement) => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | undefined>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Error | undefined>();
  const [id] = useState(() => `grant-${idempotencyKey()}`);
  const upload = async () => {
    setBusy(true);
    setRefusal(undefined);
    try {
      onDone(await api<Movement>(`/api/v1/earning/budgets/${encodeURIComponent(code)}/grants`, {
        method: 'POST', csv: file, query: { id, reason },
        // The grant file is UTF-8 (GrantFile); said so, the server does not fall back to another charset.
        headers: { 'Content-Type': 'text/csv; charset=utf-8' },
      }));
    } catch (error) {
      setRefusal(error as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('budgets.grant.format')} />
      <Upload accept=".csv,text/csv" maxCount={1} beforeUpload={(chosen) => { setFile(chosen); return false; }} onRemove={() => setFile(undefined)}>
        <Button>{t('import.choose')}</Button>
      </Upload>
      <Input aria-label={t('members.adjust.reason')} placeholder={t('members.adjust.reason')} value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
      <Button type="primary" disabled={!file || !reason.trim()} loading={busy} onClick={() => void upload()}>{t('budgets.grant')}</Button>
      {refusal && <Alert type="error" showIcon title={t('common.problem')} description={refusal.message} />}
      {refusal instanceof ApiProblem && refusal.errors.length > 0 && <LineProblems problems={refusal.errors} />}
    </Space>
  );
}

function WelfareSchedules({ code }: { code: string }) {
  const { t } = useI18n();
  const { access } = useAuth();
  const { message } = AntApp.useApp();
  const schedules = useLoad(() => api<WelfareSchedule[]>(`/api/v1/earning/budgets/${encodeURIComponent(code)}/welfare-schedules`), [code]);
  const { form, problems, busy, send } = useSend<{ id: string; dayOfMonth: number; points: number; audience: string; reason: string }>();
  const stop = async (id: string) => {
    try {
      await api(`/api/v1/earning/budgets/${encodeURIComponent(code)}/welfare-schedules/${encodeURIComponent(id)}`, { method: 'DELETE' });
      schedules.reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <>
      <Table<WelfareSchedule>
        rowKey="id"
        size="small"
        pagination={false}
        loading={schedules.loading}
        dataSource={schedules.data ?? []}
        expandable={{
          expandedRowRender: (schedule) => (
            <Table rowKey="month" size="small" pagination={false} dataSource={schedule.runs}
              columns={[
                { title: t('welfare.month'), dataIndex: 'month' },
                { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'GRANTED' ? 'green' : 'red'}>{s}</Tag> },
                { title: t('welfare.members'), dataIndex: 'members' },
                { title: t('budgets.points'), dataIndex: 'points', render: (v: number) => formatPoints(v) },
                { title: t('welfare.detail'), dataIndex: 'detail', render: (v?: string | null) => v ?? '–' },
                { title: t('welfare.ranAt'), dataIndex: 'ranAt', render: (v: string) => formatTime(v) },
              ]} />
          ),
        }}
        columns={[
          { title: 'ID', dataIndex: 'id' },
          { title: t('welfare.dayOfMonth'), dataIndex: 'dayOfMonth' },
          { title: t('budgets.points'), dataIndex: 'points', render: (v: number) => formatPoints(v) },
          { title: t('members.audience'), dataIndex: 'audience', render: (v: string) => t(`audience.${v}` as never) },
          { title: t('members.adjust.reason'), dataIndex: 'reason' },
          {
            title: t('common.status'),
            key: 'state',
            render: (_, s) => (s.active ? (
              access.canAdmin ? (
                <Popconfirm title={t('welfare.stop.confirm')} onConfirm={() => void stop(s.id)}>
                  <Button size="small" danger>{t('welfare.stop')}</Button>
                </Popconfirm>
              ) : <Tag color="green">{t('welfare.active')}</Tag>
            ) : <Tag>{t('welfare.stopped')}</Tag>),
          },
        ]}
      />
      {access.canAdmin && (
        <Form form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }} initialValues={{ audience: 'EMPLOYEE', dayOfMonth: 1 }}
          onFinish={(values) => send(async () => {
            await api(`/api/v1/earning/budgets/${encodeURIComponent(code)}/welfare-schedules`, { method: 'POST', body: values });
            form.resetFields();
            schedules.reload();
          })}>
          <Problems problems={problems} />
          <Form.Item name="id" label="ID" rules={[{ required: true, whitespace: true }]}><Input style={{ width: 140 }} /></Form.Item>
          <Form.Item name="dayOfMonth" label={t('welfare.dayOfMonth')} rules={[{ required: true }]}><InputNumber min={1} max={28} /></Form.Item>
          <Form.Item name="points" label={t('budgets.points')} rules={[{ required: true }]}><InputNumber min={1} precision={0} /></Form.Item>
          <Form.Item name="audience" label={t('members.audience')}>
            <Select style={{ width: 120 }} options={['EMPLOYEE', 'DEALER', 'SALES_GUIDE', 'CONSUMER'].map((a) => ({ value: a, label: t(`audience.${a}` as never) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('members.adjust.reason')} rules={[{ required: true, whitespace: true }]}><Input style={{ width: 180 }} /></Form.Item>
          <Button htmlType="submit" loading={busy}>{t('welfare.create')}</Button>
        </Form>
      )}
    </>
  );
}

/** B2B budgets: created and funded by admins, granted from (a CSV file), and their monthly welfare schedules. */
export default function BudgetsPage() {
  const { t } = useI18n();
  const { access } = useAuth();
  const { message } = AntApp.useApp();
  const [round, setRound] = useState(0);
  const [dialog, setDialog] = useState<{ kind: 'new' | 'fund' | 'grant' | 'welfare'; code?: string } | undefined>();
  const created = useSend<{ code: string; name: string }>();
  const close = (movement?: Movement) => {
    if (movement) {
      message.success(t('budgets.moved', { points: formatPoints(movement.points), lines: movement.lines, remaining: formatPoints(movement.remaining) }));
    }
    setDialog(undefined);
    setRound((r) => r + 1);
  };
  return (
    <PageContainer>
      <Card extra={access.canAdmin && <Button onClick={() => setDialog({ kind: 'new' })}>{t('budgets.new')}</Button>}>
        <CursorTable<Budget>
          key={round}
          rowKey="code"
          load={(after) => api<CursorPage<Budget>>('/api/v1/earning/budgets', { query: { after, size: 50 } })}
          columns={[
            { title: t('budgets.code'), dataIndex: 'code' },
            { title: t('budgets.name'), dataIndex: 'name' },
            { title: t('budgets.funded'), dataIndex: 'funded', render: (v: number) => formatPoints(v) },
            { title: t('budgets.granted'), dataIndex: 'granted', render: (v: number) => formatPoints(v) },
            { title: t('budgets.remaining'), dataIndex: 'remaining', render: (v: number) => formatPoints(v) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, budget) => (
                <Space wrap>
                  {access.canAdmin && <Button size="small" onClick={() => setDialog({ kind: 'fund', code: budget.code })}>{t('budgets.fund')}</Button>}
                  {access.canAdmin && <Button size="small" onClick={() => setDialog({ kind: 'grant', code: budget.code })}>{t('budgets.grant')}</Button>}
                  <Button size="small" onClick={() => setDialog({ kind: 'welfare', code: budget.code })}>{t('welfare.title')}</Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal open={dialog?.kind === 'new'} footer={null} destroyOnHidden title={t('budgets.new')} onCancel={() => setDialog(undefined)}>
        <Form form={created.form} layout="vertical" onFinish={(values) => created.send(async () => { await api('/api/v1/earning/budgets', { method: 'POST', body: values }); close(); })}>
          <Problems problems={created.problems} />
          <Form.Item name="code" label={t('budgets.code')} rules={[{ required: true, whitespace: true }]}><Input maxLength={41} placeholder="welfare-2026" /></Form.Item>
          <Form.Item name="name" label={t('budgets.name')} rules={[{ required: true, whitespace: true }]}><Input maxLength={100} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={created.busy}>{t('common.create')}</Button>
        </Form>
      </Modal>
      <Modal open={dialog?.kind === 'fund'} footer={null} destroyOnHidden title={`${t('budgets.fund')} ${dialog?.code ?? ''}`} onCancel={() => setDialog(undefined)}>
        {dialog?.code && <FundingForm code={dialog.code} onDone={close} />}
      </Modal>
      <Modal open={dialog?.kind === 'grant'} footer={null} destroyOnHidden title={`${t('budgets.grant')} ${dialog?.code ?? ''}`} onCancel={() => setDialog(undefined)}>
        {dialog?.code && <GrantUpload code={dialog.code} onDone={close} />}
      </Modal>
      <Modal open={dialog?.kind === 'welfare'} footer={null} destroyOnHidden width={960} title={`${t('welfare.title')} ${dialog?.code ?? ''}`} onCancel={() => setDialog(undefined)}>
        {dialog?.code && <WelfareSchedules code={dialog.code} />}
      </Modal>
    </PageContainer>
  );
}
