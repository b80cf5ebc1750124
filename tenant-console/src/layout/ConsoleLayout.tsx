import { LogoutOutlined, TranslationOutlined } from '@ant-design/icons';
import { ProLayout, type MenuDataItem } from '@ant-design/pro-components';
import { Button, Dropdown } from 'antd';
import { type ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';

import { useAuth } from '../auth/AuthContext';
import { useI18n } from '../i18n/I18nContext';
import { allowed, type ConsoleRoute, routes } from '../routes';

function menuOf(all: ConsoleRoute[], t: ReturnType<typeof useI18n>['t']): MenuDataItem[] {
  return all.map((route) => ({
    path: route.path,
    name: route.name ? t(route.name) : undefined,
    icon: route.icon,
    hideInMenu: route.hidden,
    children: route.children ? menuOf(route.children, t) : undefined,
  }));
}

/** The console's frame: the menu built from the routes the user's roles allow, the language switch and the user. */
export function ConsoleLayout({ children }: { children: ReactNode }) {
  const { session, access, signOut } = useAuth();
  const { t, locale, setLocale } = useI18n();
  const location = useLocation();
  return (
    <ProLayout
      title={t('app.title')}
      logo={false}
      layout="mix"
      fixSiderbar
      location={{ pathname: location.pathname }}
      route={{ path: '/', routes: menuOf(allowed(routes, access), t) }}
      menu={{ locale: false }}
      menuItemRender={(item, dom) => (item.path ? <Link to={item.path}>{dom}</Link> : dom)}
      actionsRender={() => [
        <Button key="locale" type="text" icon={<TranslationOutlined />} onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
          {t('app.language')}
        </Button>,
      ]}
      avatarProps={{
        title: session?.name,
        size: 'small',
        render: (_props, dom) => (
          <Dropdown menu={{ items: [{ key: 'logout', icon: <LogoutOutlined />, label: t('app.signOut'), onClick: signOut }] }}>
            {dom}
          </Dropdown>
        ),
      }}
    >
      {children}
    </ProLayout>
  );
}
