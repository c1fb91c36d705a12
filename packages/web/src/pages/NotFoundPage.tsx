/** Shown for a path the shell does not know. */
import { Button, Result } from 'antd';
import { useI18n } from '../i18n/useI18n.ts';
import { navigate } from '../router/router.ts';
import { PATHS } from '../router/routes.ts';

/** 404 inside the shell. */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('app.notFound')}
      subTitle={t('app.notFoundDesc')}
      extra={
        <Button type="primary" onClick={() => navigate(PATHS.home)}>
          {t('app.backHome')}
        </Button>
      }
    />
  );
}
