import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';

import { api } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import type { Calculation } from '../../api/types';
import { useI18n } from '../../i18n/I18nContext';
import { EVENT_TYPES } from './RuleSetForm';

interface Values {
  externalMemberId: string;
  type: string;
  amountFen?: number;
}

/** 积分计算器: what an event of a real member would earn under this version; the API stores nothing. */
export function Calculator({ versionId }: { versionId: string }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [result, setResult] = useState<Calculation | undefined>();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const run = async (values: Values) => {
    setBusy(true);
    setProblems([]);
    setResult(undefined);
    try {
      const event = {
        eventId: `console-calculator-${Date.now()}`,
        type: values.type,
        externalMemberId: values.externalMemberId,
        occurredAt: new Date().toISOString(),
        order: values.amountFen ? { orderId: 'calculator', amountFen: values.amountFen } : undefined,
      };
      setResult(await api<Calculation>('/api/v1/earning/calculator', { method: 'POST', body: { event, ruleVersionId: versionId } }));
    } catch (error) {
      setProblems(showProblemAtFields(form, error, ['event']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('rules.calculator')} size="small">
      <Form<Values> form={form} layout="inline" onFinish={run} initialValues={{ type: 'ORDER_PAID' }}>
        <Form.Item name="externalMemberId" label={t('rules.calc.member')} rules={[{ required: true, whitespace: true }]}>
          <Input style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="type" label={t('rules.calc.type')} rules={[{ required: true }]}>
          <Select style={{ width: 160 }} options={EVENT_TYPES.map((type) => ({ value: type, label: type }))} />
        </Form.Item>
        <Form.Item name="amountFen" label={t('rules.calc.amountFen')}>
          <InputNumber min={0} precision={0} style={{ width: 140 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('rules.calc.run')}
        </Button>
      </Form>
      {problems.length > 0 && <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('common.problem')} description={problems.join('; ')} />}
      {result && (
        <Space direction="vertical" style={{ marginTop: 12, width: '100%' }}>
          <Typography.Title level={5} data-testid="calculation">
            {t('rules.calc.result', { points: result.points })}
          </Typography.Title>
          <Table size="small" pagination={false} rowKey={(line) => `${line.ruleId}-${line.kind}`} dataSource={result.lines}
            columns={[{ title: t('rules.rule.id'), dataIndex: 'ruleId' }, { title: t('rules.rule.kind'), dataIndex: 'kind' }, { title: t('common.points'), dataIndex: 'points' }]} />
        </Space>
      )}
    </Card>
  );
}
