import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Alert, Button, Card, Form, Input, InputNumber, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';

import { api, ApiProblem, type FieldError } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import { useI18n } from '../../i18n/I18nContext';
import { formatFen, formatPoints } from '../format';
import { LineProblems } from '../members/MemberImportPage';
import { type DealerSales, parseDealerCsv } from './dealerCsv';

interface DealerResult {
  externalMemberId: string;
  memberId: string;
  attainmentPercent: number;
  points: number;
  transactionId?: string | null;
}

interface Values {
  period: string;
  rates: { attainmentPercent: number; points: number }[];
}

/** A period's sales per dealer from a CSV file and the tiered rates: each dealer earns the points of the highest rate reached. */
export default function DealerTargetsPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [dealers, setDealers] = useState<DealerSales[]>([]);
  const [fileProblems, setFileProblems] = useState<FieldError[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [results, setResults] = useState<DealerResult[] | undefined>();
  const [busy, setBusy] = useState(false);

  const read = async (file: File) => {
    const parsed = parseDealerCsv(await file.text());
    setDealers(parsed.dealers);
    setFileProblems(parsed.problems);
  };
  const submit = async (values: Values) => {
    setBusy(true);
    setProblems([]);
    try {
      setResults(await api<DealerResult[]>('/api/v1/earning/dealer-targets', { method: 'POST', body: { ...values, dealers } }));
    } catch (error) {
      const lines = error instanceof ApiProblem ? error.errors.filter((e) => e.field.startsWith('dealers')) : [];
      setFileProblems(lines);
      setProblems(showProblemAtFields(form, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageContainer>
      <Card style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ rates: [{ attainmentPercent: 100, points: 1000 }] }}>
          {problems.length > 0 && <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} />}
          <Form.Item name="period" label={t('dealers.period')} rules={[{ required: true, whitespace: true }]}>
            <Input style={{ width: 200 }} placeholder="2026-Q4" maxLength={40} />
          </Form.Item>
          <Typography.Text strong>{t('dealers.rates')}</Typography.Text>
          <Form.List name="rates">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline">
                    <Form.Item name={[field.name, 'attainmentPercent']} label={t('dealers.attainment')} rules={[{ required: true }]}>
                      <InputNumber min={1} precision={0} suffix="%" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'points']} label={t('budgets.points')} rules={[{ required: true }]}>
                      <InputNumber min={1} precision={0} />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined aria-label="remove" onClick={() => remove(field.name)} />}
                  </Space>
                ))}
                <Form.Item>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>{t('dealers.addRate')}</Button>
                </Form.Item>
              </>
            )}
          </Form.List>
          <Form.Item label={t('dealers.file')} extra={t('dealers.format')}>
            <Upload accept=".csv,text/csv" maxCount={1} beforeUpload={(file) => { void read(file); return false; }} onRemove={() => { setDealers([]); setFileProblems([]); }}>
              <Button>{t('import.choose')}</Button>
            </Upload>
          </Form.Item>
          {dealers.length > 0 && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('dealers.read', { count: dealers.length })} />}
          {fileProblems.length > 0 && <LineProblems problems={fileProblems} />}
          <Button type="primary" htmlType="submit" loading={busy} disabled={dealers.length === 0}>{t('dealers.award')}</Button>
        </Form>
      </Card>
      {results && (
        <Card title={t('dealers.results')}>
          <Table<DealerResult>
            rowKey="externalMemberId"
            size="small"
            dataSource={results}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: t('members.externalId'), dataIndex: 'externalMemberId' },
              { title: t('dealers.attainment'), dataIndex: 'attainmentPercent', render: (v: number) => `${v}%` },
              { title: t('budgets.points'), dataIndex: 'points', render: (v: number) => formatPoints(v) },
              { title: t('dealers.sales'), key: 'sales', render: (_, r) => formatFen(dealers.find((d) => d.externalMemberId === r.externalMemberId)?.salesFen) },
            ]}
          />
        </Card>
      )}
    </PageContainer>
  );
}
