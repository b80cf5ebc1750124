import { PageContainer } from '@ant-design/pro-components';
import { Alert, App as AntApp, Button, Card, Form, Input, Popconfirm, Result, Space, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useParams } from 'react-router-dom';

import { api, ApiProblem } from '../../api/client';
import type { RuleSet, RuleVersion } from '../../api/types';
import { useLoad } from '../../api/useLoad';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n/I18nContext';
import { loadRuleSet, RuleSetForm, ruleSetOf, type RuleSetValues, showRuleSetProblems } from './RuleSetForm';

// Its own chunk: the calculator's result table (antd Table) is the heaviest part of the page (first-load budget).
const Calculator = lazy(() => import('./Calculator').then((module) => ({ default: module.Calculator })));

/** One version: the builder and its JSON view (one document), saving a draft, the calculator, publication. */
export default function RuleVersionPage() {
  const { versionId = '' } = useParams();
  const version = useLoad(() => api<RuleVersion>(`/api/v1/earning/rule-versions/${versionId}`), [versionId]);
  if (version.error) {
    return <Result status="404" title={(version.error as Error).message} />;
  }
  if (!version.data) {
    return <PageContainer loading />;
  }
  return <RuleVersionEditor key={`${version.data.id}-${version.data.state}`} version={version.data} reload={version.reload} />;
}

function RuleVersionEditor({ version: v, reload }: { version: RuleVersion; reload: () => void }) {
  const { t } = useI18n();
  const { access } = useAuth();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<RuleSetValues>();
  const [json, setJson] = useState(() => JSON.stringify(v.rules, null, 2));
  const [view, setView] = useState('form');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const editable = access.canAdmin && v.state === 'DRAFT';
  const initialValues: RuleSetValues = { ...v.rules, effectiveFrom: dayjs(v.effectiveFrom), note: v.note ?? undefined };

  /** The document as the current view has it; switching views carries it over. */
  const current = (): RuleSet | undefined => {
    if (view === 'json') {
      try {
        return JSON.parse(json) as RuleSet;
      } catch {
        setProblems([t('rules.jsonInvalid')]);
        return undefined;
      }
    }
    return ruleSetOf(form.getFieldsValue(true));
  };

  const switchView = (next: string) => {
    const rules = current();
    if (!rules) {
      return;
    }
    setProblems([]);
    if (next === 'json') {
      setJson(JSON.stringify(rules, null, 2));
    } else {
      loadRuleSet(form, rules);
    }
    setView(next);
  };

  const save = async () => {
    const rules = current();
    if (!rules) {
      return;
    }
    setBusy(true);
    setProblems([]);
    try {
      const values = form.getFieldsValue(true) as RuleSetValues;
      await api<RuleVersion>(`/api/v1/earning/rule-versions/${v.id}`, {
        method: 'PUT',
        body: { rules, effectiveFrom: (values.effectiveFrom ?? dayjs(v.effectiveFrom)).toISOString(), note: values.note || null },
      });
      message.success(t('common.saved'));
    } catch (error) {
      // In the JSON view every problem is listed with its path; in the form it shows at its field.
      setProblems(view === 'json' ? problemLines(error) : showRuleSetProblems(form, error));
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    try {
      await api<RuleVersion>(`/api/v1/earning/rule-versions/${v.id}/publish`, { method: 'POST' });
      message.success(t('rules.published'));
      reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <PageContainer
      title={`${t('rules.version')} v${v.version}`}
      tags={<Tag color={v.state === 'PUBLISHED' ? 'green' : undefined}>{v.state}</Tag>}
      extra={
        editable ? (
          <Space>
            <Button onClick={() => void save()} loading={busy}>{t('common.save')}</Button>
            <Popconfirm title={t('rules.publish')} onConfirm={() => void publish()}>
              <Button type="primary">{t('rules.publish')}</Button>
            </Popconfirm>
          </Space>
        ) : undefined
      }
    >
      {problems.length > 0 && <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} />}
      <Tabs
        activeKey={view}
        onChange={switchView}
        items={[
          { key: 'form', label: t('rules.form'), children: <RuleSetForm form={form} readOnly={!editable} initialValues={initialValues} />, forceRender: true },
          { key: 'json', label: t('rules.json'), children: <Input.TextArea value={json} onChange={(e) => setJson(e.target.value)} rows={24} readOnly={!editable} style={{ fontFamily: 'monospace' }} /> },
        ]}
      />
      <div style={{ marginTop: 16 }}>
        <Suspense fallback={<Card size="small" loading />}>
          <Calculator versionId={v.id} />
        </Suspense>
      </div>
    </PageContainer>
  );
}

function problemLines(error: unknown): string[] {
  if (error instanceof ApiProblem && error.errors.length > 0) {
    return error.errors.map((e) => `${e.field}: ${e.message}`);
  }
  return [(error as Error).message];
}
