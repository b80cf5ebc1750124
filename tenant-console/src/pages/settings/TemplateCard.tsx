import { Alert, Button, Card, Popconfirm, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';

import { api, ApiProblem } from '../../api/client';
import { useLoad } from '../../api/useLoad';
import { useI18n } from '../../i18n/I18nContext';
import { formatTime } from '../format';

/** An industry template (GET /api/v1/industry-templates): starting rules, tiers, tasks and mall zones. */
export interface IndustryTemplate {
  industry: string;
  name: string;
  description: string;
  rules: number;
  tiers: number;
  tasks: number;
  zones: number;
}

/** What applying one made (POST /api/v1/tenant/template): a draft rule version and the zones. */
export interface AppliedTemplate {
  industry: string;
  ruleVersionId: string;
  zoneIds: string[];
  appliedAt: string;
  created: boolean;
}

/** Applies an industry template once: a second, different one is refused (409), the same one answers what it made. */
export function TemplateCard({ onApplied }: { onApplied?: (applied: AppliedTemplate) => void } = {}) {
  const { t } = useI18n();
  const templates = useLoad(() => api<IndustryTemplate[]>('/api/v1/industry-templates'), []);
  const [applied, setApplied] = useState<AppliedTemplate | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const apply = async (industry: string) => {
    setBusy(industry);
    setProblem(undefined);
    try {
      const answer = await api<AppliedTemplate>('/api/v1/tenant/template', { method: 'POST', body: { industry } });
      setApplied(answer);
      onApplied?.(answer);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error.detail || error.title : String(error));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Card title={t('template.title')} style={{ marginBottom: 16 }}>
      {applied && (
        <Alert style={{ marginBottom: 12 }} type="success" showIcon
          title={t(applied.created ? 'template.applied' : 'template.alreadyApplied', { industry: applied.industry, at: formatTime(applied.appliedAt) })}
          description={<Link to={`/earning/rules/${applied.ruleVersionId}`}>{t('template.openRules')}</Link>} />
      )}
      {problem && <Alert style={{ marginBottom: 12 }} type="error" showIcon title={t('common.problem')} description={problem} />}
      <Table<IndustryTemplate>
        rowKey="industry"
        size="small"
        pagination={false}
        loading={templates.loading}
        dataSource={templates.data ?? []}
        columns={[
          { title: t('template.name'), dataIndex: 'name' },
          { title: t('template.description'), dataIndex: 'description' },
          {
            title: t('template.contents'),
            key: 'contents',
            render: (_, template) => <Tag>{t('template.counts', { rules: template.rules, tiers: template.tiers, tasks: template.tasks, zones: template.zones })}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'apply',
            render: (_, template) => (
              <Popconfirm title={t('template.confirm')} onConfirm={() => void apply(template.industry)}>
                <Button size="small" loading={busy === template.industry}>{t('template.apply')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}
