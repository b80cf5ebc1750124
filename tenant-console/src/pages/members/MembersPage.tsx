import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, Form, Input, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';

import { api } from '../../api/client';
import type { Member, PageView } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { formatTime } from '../format';

interface Filters {
  mobile?: string;
  email?: string;
  status?: string;
  audience?: string;
}

const AUDIENCES = ['CONSUMER', 'EMPLOYEE', 'DEALER', 'SALES_GUIDE'];
const STATUSES = ['ACTIVE', 'FROZEN', 'BLACKLISTED'];

/**
 * Members by status and audience, or one found by a whole mobile number or e-mail address (the API's blind indexes).
 * An antd Table with a small query form, not ProTable: ProTable brings every ProField value type (colour picker,
 * cascader, tree select, slider...) into the page's chunk, over 100 KB gzip, and the page is a deep link (issue 17's
 * first-load budget, docs/performance.md).
 */
export default function MembersPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [paging, setPaging] = useState({ page: 0, size: 20 });
  const blank = (value?: string) => (value && value.trim() ? value.trim() : undefined);
  const members = useLoad(
    () => api<PageView<Member>>('/api/v1/members', {
      query: { page: paging.page, size: paging.size, mobile: filters.mobile, email: filters.email, status: filters.status, audience: filters.audience },
    }),
    [paging, filters],
  );

  const columns: TableColumnsType<Member> = [
    { title: t('members.externalId'), dataIndex: 'externalId', render: (_, member) => <Link to={`/members/${member.id}`}>{member.externalId}</Link> },
    { title: t('members.name'), dataIndex: 'displayName' },
    { title: t('members.mobile'), dataIndex: 'mobile' },
    { title: t('members.email'), dataIndex: 'email' },
    { title: t('members.audience'), dataIndex: 'audience', render: (audience: string) => t(`audience.${audience}` as never) },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (_, member) => <Tag color={member.status === 'ACTIVE' ? 'green' : 'red'}>{t(`status.${member.status}` as never)}</Tag>,
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (_, member) => formatTime(member.createdAt) },
  ];

  const search = (values: Filters) => {
    setFilters({ mobile: blank(values.mobile), email: blank(values.email), status: values.status, audience: values.audience });
    setPaging((current) => ({ ...current, page: 0 }));
  };

  return (
    <PageContainer>
      <Card style={{ marginBottom: 16 }}>
        <Form<Filters> form={form} layout="inline" onFinish={search} style={{ rowGap: 12 }}>
          <Form.Item name="mobile" label={t('members.mobile')}>
            <Input allowClear style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="email" label={t('members.email')}>
            <Input allowClear style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="audience" label={t('members.audience')}>
            <Select allowClear style={{ width: 140 }} options={AUDIENCES.map((a) => ({ value: a, label: t(`audience.${a}` as never) }))} />
          </Form.Item>
          <Form.Item name="status" label={t('common.status')}>
            <Select allowClear style={{ width: 120 }} options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}` as never) }))} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('common.search')}</Button>
            <Button onClick={() => { form.resetFields(); search({}); }}>{t('common.reset')}</Button>
          </Space>
        </Form>
      </Card>
      {members.error !== undefined && <Alert type="error" showIcon title={(members.error as Error).message} style={{ marginBottom: 16 }} />}
      <Table<Member>
        rowKey="id"
        columns={columns}
        dataSource={members.data?.items ?? []}
        loading={members.loading}
        pagination={{
          current: paging.page + 1,
          pageSize: paging.size,
          total: members.data?.totalItems ?? 0,
          showSizeChanger: true,
          onChange: (page, size) => setPaging({ page: size === paging.size ? page - 1 : 0, size }),
        }}
      />
    </PageContainer>
  );
}
