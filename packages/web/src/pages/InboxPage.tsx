/**
 * 待办件 (staff): the cases waiting for my department and region, soonest deadline first, with red
 * 「已逾期」 and orange 「临期」 tags, a page at a time (the server orders and counts: 「共 N 件」 is all of
 * them, not this page). Supervisors also see the totals of their region (督办统计).
 */
import { Alert, Card, Col, Empty, List, Row, Skeleton, Space, Statistic, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, unwrap } from '../api/client.ts';
import { fetchStateLabels } from '../api/guides.ts';
import type { ApiOk, InboxItem, InboxPageData } from '../api/types.ts';
import { ProvisionalTag } from '../components/CaseParts.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { Link } from '../router/Link.tsx';
import { PATHS, pathTo } from '../router/routes.ts';
import { useSession } from '../session/useSession.ts';

/** What a row without a deadline shows: 「未起算」 only when its clock has really not started. */
const NO_DEADLINE_KEYS = {
  not_started: 'inbox.noDeadline',
  running: 'app.none',
  paused: 'inbox.clockPaused',
  stopped: 'inbox.clockStopped',
  calendar_missing: 'inbox.clockMissing',
} as const satisfies Record<InboxItem['clockState'], MessageKey>;

/** Rows per page of the inbox and of the task list (the server's default). */
const PAGE_SIZE = 20;

/** The inbox. */
export function InboxPage() {
  const { t } = useI18n();
  const { account } = useSession();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<InboxPageData | null>(null);
  const [labels, setLabels] = useState<Record<string, Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    // The server's order (soonest deadline first, then oldest, then case number) across all pages.
    unwrap(api.GET('/api/v1/inbox', { params: { query: { page, pageSize: PAGE_SIZE } } }))
      .then((r) => {
        if (!live) return;
        setData(r);
        fetchStateLabels(
          r.items.map((x) => x.matter),
          true,
        ).then((l) => live && setLabels((old) => ({ ...old, ...l })));
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [page]);

  return (
    <>
      <PageTitle>{t('tool.inbox')}</PageTitle>
      {account?.roles.includes('supervisor') && account.regionCode && (
        <Supervision region={account.regionCode} />
      )}
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {!data && !error && <Skeleton active />}
      {data && (
        <Card size="small" title={t('inbox.total', { n: data.total })} data-testid="inbox-card">
          {data.total === 0 ? (
            <Empty description={t('inbox.empty')} />
          ) : (
            <Table<InboxItem>
              data-testid="inbox"
              rowKey="caseNumber"
              size="small"
              loading={data.page !== page}
              pagination={{
                current: page,
                pageSize: data.pageSize,
                total: data.total,
                showSizeChanger: false,
                hideOnSinglePage: true,
                onChange: setPage,
              }}
              dataSource={data.items}
              columns={[
                {
                  key: 'case',
                  title: t('case.number'),
                  render: (_, r) => (
                    <div>
                      <Link
                        href={pathTo(PATHS.case, { caseNumber: r.caseNumber })}
                        className="mono mono-wrap"
                      >
                        {r.caseNumber}
                      </Link>
                      <div className="list-sub">{r.matter}</div>
                    </div>
                  ),
                },
                {
                  key: 'deadline',
                  title: `${t('case.state')} / ${t('inbox.deadline')}`,
                  render: (_, r) => (
                    <div>
                      <div>{labels[r.matter]?.[r.state] ?? r.state}</div>
                      <div className="deadline-cell list-sub">
                        {r.deadlineAt ? (
                          <span className="mono">{r.deadlineAt.slice(0, 10)}</span>
                        ) : (
                          <span>{t(NO_DEADLINE_KEYS[r.clockState])}</span>
                        )}
                        {r.deadlineAt && r.deadlineProvisional && <ProvisionalTag />}
                        {r.overdue && <Tag color="red">{t('inbox.overdue')}</Tag>}
                        {!r.overdue && r.dueSoon && <Tag color="orange">{t('inbox.dueSoon')}</Tag>}
                      </div>
                    </div>
                  ),
                },
              ]}
            />
          )}
          {data.items.some((r) => r.deadlineAt && r.deadlineProvisional) && (
            <div className="provisional-hint" data-testid="provisional-hint">
              {t('inbox.provisionalHint')}
            </div>
          )}
        </Card>
      )}
      <Tasks />
    </>
  );
}

/** Open follow-up tasks of my department (差评整改, 告知承诺核查), soonest deadline first. */
function Tasks() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ApiOk<'/api/v1/tasks', 'get'> | null>(null);
  useEffect(() => {
    let live = true;
    unwrap(api.GET('/api/v1/tasks', { params: { query: { page, pageSize: PAGE_SIZE } } }))
      .then((r) => live && setData(r))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [page]);
  if (!data || data.total === 0) return null;
  const tasks = data.items;
  return (
    <Card size="small" title={t('inbox.tasks')} className="section" data-testid="tasks">
      <List
        size="small"
        dataSource={tasks}
        pagination={{
          current: data.page,
          pageSize: data.pageSize,
          total: data.total,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (n) => t('app.total', { n }),
          onChange: setPage,
          align: 'end',
        }}
        renderItem={(task) => (
          <List.Item key={`${task.caseNumber}-${task.kind}`}>
            <Space direction="vertical" size={0}>
              <Link href={pathTo(PATHS.case, { caseNumber: task.caseNumber })} className="mono">
                {task.caseNumber}
              </Link>
              <Space wrap>
                <span>{task.label}</span>
                <span className="mono list-sub">{task.dueAt.slice(0, 10)}</span>
                {task.dueProvisional && <ProvisionalTag />}
                {task.overdue && <Tag color="red">{t('inbox.overdue')}</Tag>}
              </Space>
            </Space>
          </List.Item>
        )}
      />
      {tasks.some((task) => task.dueProvisional) && (
        <div className="provisional-hint">{t('inbox.provisionalHint')}</div>
      )}
    </Card>
  );
}

function Supervision({ region }: { region: string }) {
  const { t } = useI18n();
  const [data, setData] = useState<ApiOk<'/api/v1/supervision', 'get'> | null>(null);
  useEffect(() => {
    let live = true;
    unwrap(api.GET('/api/v1/supervision', { params: { query: { region } } }))
      .then((d) => live && setData(d))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [region]);
  if (!data) return null;
  const s = data.totals;
  return (
    <Card size="small" title={t('sup.title')} className="section" data-testid="supervision">
      <Row gutter={[12, 12]}>
        <Col xs={8} sm={4}>
          <Statistic title={t('sup.open')} value={s.open} />
        </Col>
        <Col xs={8} sm={5}>
          <Statistic title={t('sup.overdue')} value={s.overdue} styles={{ content: { color: '#cf1322' } }} />
        </Col>
        <Col xs={8} sm={5}>
          <Statistic title={t('sup.dueSoon')} value={s.dueSoon} styles={{ content: { color: '#d46b08' } }} />
        </Col>
        <Col xs={8} sm={5}>
          <Statistic title={t('sup.closed')} value={s.closed} />
        </Col>
        <Col xs={16} sm={5}>
          <Statistic
            title={t('sup.onTimeRate')}
            value={s.onTimeRate === null ? '—' : `${Math.round(s.onTimeRate * 1000) / 10}%`}
          />
        </Col>
      </Row>
    </Card>
  );
}
