import { PageContainer } from '@ant-design/pro-components';
import { Alert, App as AntApp, Button, Form, Input, InputNumber, List, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';

import { api } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import type { Zone } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n/I18nContext';
import { formatTime } from '../format';

const KINDS = ['NEW_MEMBERS', 'EMPLOYEES', 'DEALERS', 'GUIDES', 'TIERS', 'SEGMENT', 'FESTIVAL'];

/** The mall's zones (专区): who sees them, and the items in each (own items and hub SKUs by reference). */
export default function ZonesPage() {
  const { t } = useI18n();
  const { access } = useAuth();
  const zones = useLoad(() => api<Zone[]>('/api/v1/mall/zones'), []);
  const [creating, setCreating] = useState(false);
  return (
    <PageContainer extra={access.canAdmin ? <Button type="primary" onClick={() => setCreating(true)}>{t('zones.new')}</Button> : undefined}>
      <Table<Zone>
        rowKey="id"
        loading={zones.loading}
        dataSource={zones.data ?? []}
        pagination={false}
        expandable={{ expandedRowRender: (zone) => <ZoneItems zone={zone} /> }}
        columns={[
          { title: t('zones.title'), dataIndex: 'title' },
          { title: t('zones.kind'), dataIndex: 'kind' },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'ACTIVE' ? 'green' : undefined}>{s}</Tag> },
          { title: t('sales.startsAt'), dataIndex: 'startsAt', render: (v?: string) => formatTime(v) },
          { title: t('sales.endsAt'), dataIndex: 'endsAt', render: (v?: string) => formatTime(v) },
        ]}
      />
      <Modal open={creating} title={t('zones.new')} footer={null} onCancel={() => setCreating(false)} destroyOnHidden>
        <ZoneForm onSaved={() => { setCreating(false); zones.reload(); }} />
      </Modal>
    </PageContainer>
  );
}

function ZoneForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [problems, setProblems] = useState<string[]>([]);
  const kind = Form.useWatch('kind', form);
  const submit = async (values: Record<string, unknown>) => {
    setProblems([]);
    try {
      await api('/api/v1/mall/zones', { method: 'POST', body: values });
      onSaved();
    } catch (error) {
      setProblems(showProblemAtFields(form, error));
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'NEW_MEMBERS', status: 'ACTIVE' }}>
      {problems.length > 0 && <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} />}
      <Form.Item name="title" label={t('zones.title')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="kind" label={t('zones.kind')} rules={[{ required: true }]}>
        <Select options={KINDS.map((k) => ({ value: k, label: k }))} />
      </Form.Item>
      {kind === 'NEW_MEMBERS' && (
        <Form.Item name="newMemberDays" label="newMemberDays">
          <InputNumber min={1} max={3650} precision={0} />
        </Form.Item>
      )}
      {kind === 'TIERS' && (
        <Form.Item name="tierCodes" label="tierCodes">
          <Select mode="tags" />
        </Form.Item>
      )}
      {kind === 'SEGMENT' && (
        <Form.Item name="segment" label="segment">
          <Input />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit">{t('common.save')}</Button>
    </Form>
  );
}

function ZoneItems({ zone }: { zone: Zone }) {
  const { t } = useI18n();
  const { access } = useAuth();
  const { message } = AntApp.useApp();
  const items = useLoad(() => api<{ ref: string; addedAt: string }[]>(`/api/v1/mall/zones/${zone.id}/items`), [zone.id]);
  const [ref, setRef] = useState('');
  const change = async (method: 'PUT' | 'DELETE', itemRef: string) => {
    try {
      await api(`/api/v1/mall/zones/${zone.id}/items`, { method, body: { ref: itemRef } });
      setRef('');
      items.reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <List size="small" loading={items.loading} header={t('zones.items')} dataSource={items.data ?? []}
        renderItem={(item) => (
          <List.Item actions={access.canAdmin ? [<a key="remove" onClick={() => void change('DELETE', item.ref)}>✕</a>] : []}>
            {item.ref} · {formatTime(item.addedAt)}
          </List.Item>
        )} />
      {access.canAdmin && (
        <Space>
          <Input style={{ width: 380 }} placeholder={t('zones.ref')} value={ref} onChange={(e) => setRef(e.target.value)} />
          <Button disabled={!ref.trim()} onClick={() => void change('PUT', ref.trim())}>{t('zones.addItem')}</Button>
        </Space>
      )}
    </Space>
  );
}
