/** The top bar: the platform's name, the language switch, and who is logged in (name, kind, logout). */
import { ApiOutlined, LogoutOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Grid, Layout, Tag, Tooltip } from 'antd';
import { errorMessage } from '../api/client.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { KIND_COLORS, KIND_KEYS } from '../labels.ts';
import { Link } from '../router/Link.tsx';
import { navigate } from '../router/router.ts';
import { PATHS } from '../router/routes.ts';
import { useSession } from '../session/useSession.ts';

const onBlue = { color: '#fff' };

/** The header of every page. */
export function AppHeader() {
  const { t, lang, setLang } = useI18n();
  const { account, logout, status } = useSession();
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const wide = screens.md ?? false;

  const onLogout = async () => {
    try {
      await logout();
      message.success(t('nav.loggedOut'));
    } catch (e) {
      message.error(errorMessage(e));
    }
    navigate(PATHS.login, { replace: true });
  };

  return (
    <Layout.Header className="app-header">
      <Link href={PATHS.home} className="app-brand">
        <span className="app-emblem" aria-hidden>
          人
        </span>
        <span className="app-brand-text">
          <span className="app-title">{wide ? t('app.name') : t('app.shortName')}</span>
          <span className="app-subtitle">{t('app.subtitle')}</span>
        </span>
      </Link>
      <div className="app-header-actions">
        <Tooltip title={t('app.switchLanguageLabel')}>
          <Button
            type="text"
            size="small"
            style={onBlue}
            icon={<TranslationOutlined />}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
            aria-label={t('app.switchLanguageLabel')}
          >
            {wide ? t('app.switchLanguage') : t('app.switchLanguageShort')}
          </Button>
        </Tooltip>
        {wide && (
          <Button type="text" size="small" style={onBlue} icon={<ApiOutlined />} href="/docs" target="_blank">
            {t('nav.docs')}
          </Button>
        )}
        {account ? (
          <>
            <span className="app-user" data-testid="current-user">
              <UserOutlined />
              <span className="app-user-name">{account.displayName}</span>
              {wide && (
                <Tag color={KIND_COLORS[account.kind]} variant="solid" style={{ marginInlineEnd: 0 }}>
                  {t(KIND_KEYS[account.kind])}
                </Tag>
              )}
            </span>
            <Tooltip title={wide ? undefined : t('nav.logout')}>
              <Button
                type="text"
                size="small"
                style={onBlue}
                icon={<LogoutOutlined />}
                onClick={onLogout}
                aria-label={t('nav.logout')}
              >
                {wide ? t('nav.logout') : null}
              </Button>
            </Tooltip>
          </>
        ) : status === 'anonymous' ? (
          <Link href={PATHS.login} style={onBlue}>
            {t('nav.login')}
          </Link>
        ) : null}
      </div>
    </Layout.Header>
  );
}
