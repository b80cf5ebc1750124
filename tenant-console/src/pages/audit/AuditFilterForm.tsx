import { Button, DatePicker, Form, Input, Space } from 'antd';
import type { Dayjs } from 'dayjs';

import { useI18n } from '../../i18n/I18nContext';
import type { AuditFilter } from './types';

interface Values {
  actor?: string;
  resource?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

/** Who (a subject or a client id), what (a resource type, or type:id) and when (from inclusive, to exclusive). */
export function AuditFilterForm({ onSearch }: { onSearch: (filter: AuditFilter) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const submit = (values: Values) =>
    onSearch({
      actor: values.actor?.trim() || undefined,
      resource: values.resource?.trim() || undefined,
      from: values.period?.[0]?.toISOString(),
      to: values.period?.[1]?.toISOString(),
    });
  return (
    <Form form={form} layout="inline" onFinish={submit} style={{ marginBottom: 16, rowGap: 8 }}>
      <Form.Item name="actor" label={t('audit.actor')}>
        <Input allowClear style={{ width: 220 }} />
      </Form.Item>
      <Form.Item name="resource" label={t('audit.resource')}>
        <Input allowClear style={{ width: 260 }} placeholder="point-type / point-type:<id>" />
      </Form.Item>
      <Form.Item name="period" label={t('audit.period')}>
        <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit">{t('common.search')}</Button>
        <Button onClick={() => { form.resetFields(); onSearch({}); }}>{t('common.reset')}</Button>
      </Space>
    </Form>
  );
}
