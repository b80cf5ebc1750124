import type { CSSProperties } from 'react';

import { useI18n } from '../../i18n/I18nContext';
import { DEFAULT_ACCENT, DEFAULT_PRIMARY, inkOnWhite, mallColor, readableOn } from './mallColors';

export interface PreviewBrand {
  name: string;
  logoUrl?: string | null;
  primaryColor?: string | null;
  accentColor?: string | null;
}

const font = '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif';
const card: CSSProperties = { background: '#fff', borderRadius: 12, padding: 12, marginBottom: 10 };

/**
 * The mall's home page (/m/{slug}/, server-rendered by the platform's storefront) drawn small with the values the admin
 * is editing, saved or not: the same bar, balance card, search, zones, item tiles and tabs, the same colour rules
 * (mallColors). A sample member's page: the real one needs a member's sign-in and knows only saved values.
 */
export function MallPreview({ brand }: { brand: PreviewBrand }) {
  const { t } = useI18n();
  const primary = mallColor(brand.primaryColor, DEFAULT_PRIMARY);
  const accent = mallColor(brand.accentColor, DEFAULT_ACCENT);
  const onPrimary = readableOn(primary);
  const tabs = t('signup.preview.tabs').split(',');
  return (
    <figure aria-label={t('signup.preview.title')} style={{ margin: 0 }}>
      <figcaption style={{ fontSize: 12, color: '#595959', marginBottom: 6 }}>{t('signup.preview.title')}</figcaption>
      <div data-testid="mall-preview" style={{ width: 300, height: 520, overflow: 'hidden', position: 'relative', borderRadius: 20, border: '8px solid #1d1d1f', background: '#f5f5f7', color: '#1d1d1f', font: `14px/1.5 ${font}` }}>
        <div data-testid="preview-bar" style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '8px 12px', background: primary, color: onPrimary, fontWeight: 600, fontSize: 15 }}>
          {brand.logoUrl ? <img src={brand.logoUrl} alt="" width={24} height={24} style={{ borderRadius: 6, background: '#fff', objectFit: 'contain' }} /> : null}
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{brand.name}</span>
        </div>
        <div style={{ padding: 10 }}>
          <div style={card}>
            <div style={{ color: '#595959', fontSize: 12 }}>{t('signup.preview.available')}</div>
            <div style={{ fontSize: 26, fontWeight: 700 }}>12,800</div>
          </div>
          <div style={{ ...card, color: '#595959', fontSize: 12 }}>{t('signup.preview.search')}</div>
          <div style={{ fontWeight: 600, margin: '4px 0 6px' }}>
            {t('signup.preview.flash')}{' '}
            <span data-testid="preview-accent" style={{ background: accent, color: readableOn(accent), borderRadius: 6, padding: '1px 6px', fontSize: 12 }}>
              {t('signup.preview.endsIn')} 01:59:30
            </span>
          </div>
          <div style={{ fontWeight: 600, margin: '4px 0 6px' }}>{t('signup.preview.zones')}</div>
          <div style={{ display: 'flex', gap: 6, marginBottom: 8 }}>
            <span style={{ background: primary, color: onPrimary, borderRadius: 999, padding: '3px 10px', fontSize: 12 }}>{t('signup.preview.zone1')}</span>
            <span style={{ background: '#fff', border: '1px solid #e3e3e8', borderRadius: 999, padding: '3px 10px', fontSize: 12 }}>{t('signup.preview.zone2')}</span>
          </div>
          <div style={{ fontWeight: 600, margin: '4px 0 6px' }}>{t('signup.preview.items')}</div>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
            {(['signup.preview.item1', 'signup.preview.item2'] as const).map((item, i) => (
              <div key={item} style={{ background: '#fff', borderRadius: 12, overflow: 'hidden' }}>
                <div style={{ height: 64, background: '#ececf0' }} />
                <div style={{ padding: '4px 8px 0', fontSize: 12 }}>{t(item)}</div>
                <div data-testid="preview-price" style={{ padding: '0 8px 6px', color: inkOnWhite(primary), fontWeight: 700 }}>
                  {i === 0 ? '1,990' : '8,800'} {t('signup.preview.unit')}
                </div>
              </div>
            ))}
          </div>
        </div>
        <div style={{ position: 'absolute', bottom: 0, left: 0, right: 0, display: 'flex', background: '#fff', borderTop: '1px solid #e3e3e8' }}>
          {tabs.map((tab, i) => (
            <span key={tab} style={{ flex: 1, textAlign: 'center', padding: '6px 0 8px', fontSize: 11, color: i === 0 ? '#1d1d1f' : '#595959', fontWeight: i === 0 ? 700 : 400, boxShadow: i === 0 ? `inset 0 3px 0 ${primary}` : undefined }}>
              {tab}
            </span>
          ))}
        </div>
      </div>
    </figure>
  );
}
