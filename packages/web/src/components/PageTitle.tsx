/** The heading of a tool page with a way back home. */
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n.ts';
import { Link } from '../router/Link.tsx';
import { PATHS } from '../router/routes.ts';

/** Back link and title. */
export function PageTitle({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="page-title">
      <Link href={PATHS.home}>
        <ArrowLeftOutlined /> {t('app.backHome')}
      </Link>
      <h1>{children}</h1>
    </div>
  );
}
