/** 办事指南: the catalogue of matters, each with its type, limits and on-site visits. */
import { RightOutlined } from '@ant-design/icons';
import { Alert, Card, List, Skeleton, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { fetchCatalogue } from '../api/guides.ts';
import type { MatterSummary } from '../api/types.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n/useI18n.ts';
import { Link } from '../router/Link.tsx';
import { PATHS, pathTo } from '../router/routes.ts';

/** The list of service guides. */
export function MattersPage() {
  const { t } = useI18n();
  const [matters, setMatters] = useState<MatterSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    fetchCatalogue()
      .then((m) => live && setMatters(m))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, []);

  return (
    <>
      <PageTitle>{t('tool.matters')}</PageTitle>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {!matters && !error && <Skeleton active />}
      {matters && (
        <Card size="small" styles={{ body: { padding: '0 16px' } }}>
          <List
            dataSource={matters}
            data-testid="matters"
            renderItem={(m) => (
              <List.Item key={m.code} className="list-row">
                <Link href={pathTo(PATHS.matter, { code: m.code })} className="list-link">
                  <div className="list-main">
                    <div className="list-title">{m.name}</div>
                    <Space size={[4, 4]} wrap>
                      <Tag>{m.type}</Tag>
                      <Tag color="blue">{t('matters.statutory', { limit: m.statutory })}</Tag>
                      {m.promised && m.promised !== m.statutory && (
                        <Tag color="cyan">{t('matters.promised', { limit: m.promised })}</Tag>
                      )}
                      {m.onSiteVisits === 0 ? (
                        <Tag color="green">{t('matters.online')}</Tag>
                      ) : (
                        <Tag color="orange">{t('matters.visits', { n: m.onSiteVisits })}</Tag>
                      )}
                    </Space>
                  </div>
                  <RightOutlined className="list-chevron" />
                </Link>
              </List.Item>
            )}
          />
        </Card>
      )}
    </>
  );
}
