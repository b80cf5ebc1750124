import { PageContainer, type ProColumns, ProTable } from '@ant-design/pro-components';
import { Tag } from 'antd';
import { Link } from 'react-router-dom';

import { api } from '../../api/client';
import type { Member, PageView } from '../../api/types';
import { useI18n } from '../../i18n/I18nContext';
import { formatTime } from '../format';

/** Members by status and audience, or one found by a whole mobile number or e-mail address (the API's blind indexes). */
export default function MembersPage() {
  const { t } = useI18n();
  const columns: ProColumns<Member>[] = [
    {
      title: t('members.externalId'),
      dataIndex: 'externalId',
      search: false,
      render: (_, member) => <Link to={`/members/${member.id}`}>{member.externalId}</Link>,
    },
    { title: t('members.name'), dataIndex: 'displayName', search: false },
    { title: t('members.mobile'), dataIndex: 'mobile' },
    { title: t('members.email'), dataIndex: 'email' },
    {
      title: t('members.audience'),
      dataIndex: 'audience',
      valueType: 'select',
      valueEnum: Object.fromEntries(['CONSUMER', 'EMPLOYEE', 'DEALER', 'SALES_GUIDE'].map((a) => [a, { text: t(`audience.${a}` as never) }])),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: Object.fromEntries(['ACTIVE', 'FROZEN', 'BLACKLISTED'].map((s) => [s, { text: t(`status.${s}` as never) }])),
      render: (_, member) => <Tag color={member.status === 'ACTIVE' ? 'green' : 'red'}>{t(`status.${member.status}` as never)}</Tag>,
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', search: false, render: (_, member) => formatTime(member.createdAt) },
  ];
  return (
    <PageContainer>
      <ProTable<Member>
        rowKey="id"
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        request={async ({ current = 1, pageSize = 20, mobile, email, status, audience }) => {
          const page = await api<PageView<Member>>('/api/v1/members', {
            query: { page: current - 1, size: pageSize, mobile, email, status, audience },
          });
          return { data: page.items, total: page.totalItems, success: true };
        }}
      />
    </PageContainer>
  );
}
