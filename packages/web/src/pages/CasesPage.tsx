/** 我的办件: the cases I applied for, newest first, a page at a time with the total, each linking to its page. */
import { RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, List, Skeleton, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, unwrap } from '../api/client.ts';
import { fetchCatalogue, fetchStateLabels } from '../api/guides.ts';
import type { CasesPageData } from '../api/types.ts';
import { formatTime } from '../components/CaseParts.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n/useI18n.ts';
import { Link } from '../router/Link.tsx';
import { navigate } from '../router/router.ts';
import { PATHS, pathTo } from '../router/routes.ts';

/** Cases per page (the server's default). */
const PAGE_SIZE = 20;

/** My cases. */
export function CasesPage() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<CasesPageData | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [labels, setLabels] = useState<Record<string, Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    // Newest first, as the server orders them across pages.
    unwrap(api.GET('/api/v1/cases', { params: { query: { page, pageSize: PAGE_SIZE } } }))
      .then((c) => {
        if (!live) return;
        setData(c);
        fetchStateLabels(c.items.map((x) => x.matter)).then(
          (l) => live && setLabels((old) => ({ ...old, ...l })),
        );
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [page]);

  useEffect(() => {
    let live = true;
    fetchCatalogue()
      .then((m) => live && setNames(Object.fromEntries(m.map((x) => [x.code, x.name]))))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);

  return (
    <>
      <PageTitle>{t('tool.cases')}</PageTitle>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {!data && !error && <Skeleton active />}
      {data && data.total === 0 && (
        <Card>
          <Empty description={t('cases.empty')}>
            <Button type="primary" onClick={() => navigate(PATHS.matters)}>
              {t('cases.toGuide')}
            </Button>
          </Empty>
        </Card>
      )}
      {data && data.total > 0 && (
        <Card size="small" styles={{ body: { padding: '0 16px' } }} data-testid="cases">
          <List
            dataSource={data.items}
            loading={data.page !== page}
            pagination={{
              current: page,
              pageSize: data.pageSize,
              total: data.total,
              showSizeChanger: false,
              showTotal: (n) => t('app.total', { n }),
              onChange: setPage,
              align: 'end',
            }}
            renderItem={(c) => (
              <List.Item key={c.caseNumber} className="list-row">
                <Link href={pathTo(PATHS.case, { caseNumber: c.caseNumber })} className="list-link">
                  <div className="list-main">
                    <div className="list-title">{names[c.matter] ?? c.matter}</div>
                    <div className="list-sub mono">{c.caseNumber}</div>
                    <div className="list-sub">
                      {t('cases.createdAt')}
                      {t('app.colon')}
                      {formatTime(c.createdAt)}
                    </div>
                  </div>
                  <Tag color="processing" className="list-tag">
                    {labels[c.matter]?.[c.state] ?? c.state}
                  </Tag>
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
