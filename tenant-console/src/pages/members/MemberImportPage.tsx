import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, Form, Progress, Radio, Select, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';

import { api, ApiProblem, type FieldError } from '../../api/client';
import { useI18n } from '../../i18n/I18nContext';

/** What an import did (member.MemberImport.Report): rows read, created, updated, unchanged, and each rejected line. */
export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { line?: number | null; field: string; message: string }[];
}

/** The problems of a file by line: a report's rejected rows, or a refusal's field errors. */
export function LineProblems({ problems }: { problems: FieldError[] }) {
  const { t } = useI18n();
  return (
    <Table<FieldError>
      rowKey={(p) => `${p.line ?? ''}:${p.field}:${p.message}`}
      size="small"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      dataSource={problems}
      columns={[
        { title: t('import.line'), dataIndex: 'line', width: 80, render: (v?: number | null) => v ?? '–' },
        { title: t('import.field'), dataIndex: 'field', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
        { title: t('import.problem'), dataIndex: 'message' },
      ]}
    />
  );
}

/**
 * Imports members from a CSV file (header external_id, audience, and any of status, display_name, mobile, email,
 * birthday, region): all or nothing, or the good rows only; the answer counts what it did and names every bad line.
 */
export default function MemberImportPage() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | undefined>();
  const [onError, setOnError] = useState<'REJECT' | 'SKIP'>('REJECT');
  const [encoding, setEncoding] = useState('UTF-8');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | undefined>();
  const [refusal, setRefusal] = useState<ApiProblem | Error | undefined>();

  const upload = async () => {
    if (!file) {
      return;
    }
    setBusy(true);
    setReport(undefined);
    setRefusal(undefined);
    try {
      setReport(await api<ImportReport>('/api/v1/members/imports', { method: 'POST', csv: file, query: { onError, encoding } }));
    } catch (error) {
      setRefusal(error as Error);
    } finally {
      setBusy(false);
    }
  };
  const done = report ? report.created + report.updated + report.unchanged : 0;

  return (
    <PageContainer>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('import.members.format')}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label={t('import.file')}>
            <Upload accept=".csv,text/csv" maxCount={1} beforeUpload={(chosen) => { setFile(chosen); return false; }} onRemove={() => setFile(undefined)}>
              <Button>{t('import.choose')}</Button>
            </Upload>
          </Form.Item>
          <Form.Item label={t('import.onError')}>
            <Radio.Group value={onError} onChange={(e) => setOnError(e.target.value as 'REJECT' | 'SKIP')}
              options={[{ value: 'REJECT', label: t('import.onError.REJECT') }, { value: 'SKIP', label: t('import.onError.SKIP') }]} />
          </Form.Item>
          <Form.Item label={t('import.encoding')}>
            <Select value={encoding} onChange={setEncoding} style={{ width: 160 }} options={['UTF-8', 'GBK', 'GB18030'].map((e) => ({ value: e, label: e }))} />
          </Form.Item>
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void upload()}>{t('import.upload')}</Button>
        </Form>
        {busy && <Progress percent={100} status="active" showInfo={false} style={{ marginTop: 12 }} />}
      </Card>
      {refusal && (
        <Card style={{ marginBottom: 16 }}>
          <Alert type="error" showIcon title={t('common.problem')} description={refusal.message} style={{ marginBottom: 12 }} />
          {refusal instanceof ApiProblem && refusal.errors.length > 0 && <LineProblems problems={refusal.errors} />}
        </Card>
      )}
      {report && (
        <Card title={t('import.report')}>
          <Progress percent={report.rows === 0 ? 100 : Math.floor((done * 100) / report.rows)} status={report.rejected.length > 0 ? 'exception' : 'success'} style={{ marginBottom: 12 }} />
          <Space size="large" style={{ marginBottom: 12 }}>
            <Statistic title={t('import.rows')} value={report.rows} />
            <Statistic title={t('import.created')} value={report.created} />
            <Statistic title={t('import.updated')} value={report.updated} />
            <Statistic title={t('import.unchanged')} value={report.unchanged} />
            <Statistic title={t('import.rejected')} value={report.rejected.length} />
          </Space>
          {report.rejected.length > 0 && <LineProblems problems={report.rejected} />}
        </Card>
      )}
    </PageContainer>
  );
}
