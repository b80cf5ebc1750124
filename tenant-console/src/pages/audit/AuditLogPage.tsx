import { PageContainer } from '@ant-design/pro-components';
import { Card, Tag, Typography } from 'antd';
import { useState } from 'react';

import { api } from '../../api/client';
import type { CursorPage } from '../../api/types';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n/I18nContext';
import { formatTime } from '../format';
import { AuditDiff } from './AuditDiff';
import { AuditFilterForm } from './AuditFilterForm';
import type { AuditEvent, AuditFilter } from './types';

/** The admin changes (a tenant admin sees the tenant's, the operator the platform's own), newest first, by cursor. */
export default function AuditLogPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<AuditFilter>({});
  return (
    <PageContainer>
      <Card>
        <AuditFilterForm onSearch={setFilter} />
        <CursorTable<AuditEvent>
          key={JSON.stringify(filter)}
          rowKey="id"
          load={(after) => api<CursorPage<AuditEvent>>('/api/v1/audit-events', { query: { ...filter, after, size: 50 } })}
          expandable={{ expandedRowRender: (event) => <AuditDiff event={event} /> }}
          columns={[
            { title: t('audit.when'), dataIndex: 'occurredAt', render: (at: string) => formatTime(at), width: 150 },
            {
              title: t('audit.actor'),
              key: 'actor',
              render: (_, event) => (
                <>
                  <Typography.Text>{event.actor.subject ?? event.actor.clientId ?? '–'}</Typography.Text>{' '}
                  {event.actor.roles.map((role) => <Tag key={role}>{role}</Tag>)}
                </>
              ),
            },
            {
              title: t('audit.resource'),
              key: 'resource',
              render: (_, event) => `${event.resource.type}${event.resource.id ? `:${event.resource.id}` : ''}`,
            },
            { title: t('audit.request'), key: 'request', render: (_, event) => <Typography.Text code>{`${event.method} ${event.path}`}</Typography.Text> },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
