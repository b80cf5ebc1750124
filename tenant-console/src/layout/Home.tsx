import { Spin } from 'antd';
import { Navigate } from 'react-router-dom';

import { api } from '../api/client';
import type { Tenant } from '../api/types';
import { useLoad } from '../api/useLoad';
import { useAuth } from '../auth/AuthContext';
import { homePath } from '../routes';

/**
 * Where "/" leads: a tenant admin whose brand has not finished onboarding (the tenant's onboardedAt is unset) to the
 * onboarding guide, everyone else home (routes.homePath). Deep links are left alone; the guide can be reopened.
 */
export function Home() {
  const { access } = useAuth();
  const tenant = useLoad(() => (access.canAdmin ? api<Tenant>('/api/v1/tenant') : Promise.resolve(undefined)), [access.canAdmin]);
  if (access.canAdmin && tenant.loading) {
    return <Spin style={{ display: 'block', margin: '96px auto' }} />;
  }
  const onboarding = access.canAdmin && tenant.data && !tenant.data.onboardedAt;
  return <Navigate to={onboarding ? '/onboarding' : homePath(access)} replace />;
}
