import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Popconfirm, Select, Table, Tag } from 'antd';
import { useState } from 'react';

import { api } from '../../api/client';
import { showProblemAtFields } from '../../api/problem';
import { useLoad } from '../../api/useLoad';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n/I18nContext';

/** A person who signs in to the console for the tenant (GET /api/v1/tenant/admins, identity.TenantUsers.TenantUser). */
export interface TenantUser {
  userId: string;
  email: string;
  roles: string[];
  emailVerified: boolean;
  pendingActions: string[];
}

interface Invitation {
  email: string;
  role: 'tenant-admin' | 'tenant-staff';
}

/** Invites a person with a role; Keycloak mails a new one the link to verify the address and choose a password. */
export function InviteForm({ onInvited }: { onInvited: (user: TenantUser) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Invitation>();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (values: Invitation) => {
    setBusy(true);
    setProblems([]);
    try {
      onInvited(await api<TenantUser>('/api/v1/tenant/admins', { method: 'POST', body: values }));
      form.resetFields();
    } catch (error) {
      setProblems(showProblemAtFields(form, error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ role: 'tenant-staff' }}>
      {problems.length > 0 && <Alert type="error" showIcon title={t('common.problem')} description={problems.join('; ')} style={{ marginBottom: 16 }} />}
      <Form.Item name="email" label={t('staff.email')} rules={[{ required: true, whitespace: true }, { type: 'email' }]}>
        <Input maxLength={254} />
      </Form.Item>
      <Form.Item name="role" label={t('staff.role')}>
        <Select options={[{ value: 'tenant-admin', label: t('staff.role.tenant-admin') }, { value: 'tenant-staff', label: t('staff.role.tenant-staff') }]} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>{t('staff.invite')}</Button>
    </Form>
  );
}

/** The tenant's admins and staff: invite with a role, list (pending first sign-in shown), remove. */
export function StaffCard() {
  const { t } = useI18n();
  const { session } = useAuth();
  const { message } = AntApp.useApp();
  const users = useLoad(() => api<TenantUser[]>('/api/v1/tenant/admins'), []);
  const [inviting, setInviting] = useState(false);
  const remove = async (user: TenantUser) => {
    try {
      await api(`/api/v1/tenant/admins/${encodeURIComponent(user.userId)}`, { method: 'DELETE' });
      users.reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <Card title={t('settings.staff')} style={{ marginBottom: 16 }} extra={<Button onClick={() => setInviting(true)}>{t('staff.invite')}</Button>}>
      <Table<TenantUser>
        rowKey="userId"
        size="small"
        pagination={false}
        loading={users.loading}
        dataSource={users.data ?? []}
        locale={users.error ? { emptyText: (users.error as Error).message } : undefined}
        columns={[
          { title: t('staff.email'), dataIndex: 'email' },
          { title: t('staff.role'), dataIndex: 'roles', render: (roles: string[]) => roles.map((r) => <Tag key={r}>{t(`staff.role.${r}` as never) || r}</Tag>) },
          {
            title: t('common.status'),
            key: 'state',
            render: (_, user) => (user.pendingActions.length > 0 || !user.emailVerified ? <Tag color="orange">{t('staff.pending')}</Tag> : <Tag color="green">{t('staff.active')}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, user) =>
              user.userId === session?.subject ? null : (
                <Popconfirm title={t('staff.remove.confirm')} onConfirm={() => void remove(user)}>
                  <Button size="small" danger>{t('staff.remove')}</Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={inviting} title={t('staff.invite')} footer={null} onCancel={() => setInviting(false)} destroyOnHidden>
        <InviteForm
          onInvited={(user) => {
            message.success(t('staff.invited', { email: user.email }));
            setInviting(false);
            users.reload();
          }}
        />
      </Modal>
    </Card>
  );
}
