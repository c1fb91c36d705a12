/**
 * 联办进度: the bundle's status, what was read from shared data, each part with its agency, state,
 * deadline and result (and a button to take it out and do it singly), and one timeline across all parts.
 */
import { Alert, App as AntApp, Button, Card, Descriptions, List, Skeleton, Space, Tag, Timeline } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, unwrap } from '../api/client.ts';
import type { BundleView } from '../api/types.ts';
import { formatTime, ProvisionalTag } from '../components/CaseParts.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { useRouteParams } from '../router/routes.ts';

const PART_COLOR: Record<string, string> = {
  dispatching: 'default',
  submitted: 'processing',
  in_progress: 'processing',
  done: 'success',
  refused: 'error',
  rejected: 'error',
  taken_out: 'warning',
};

export function BundlePage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { bundleNumber = '' } = useRouteParams();
  const [view, setView] = useState<BundleView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setView(
        await unwrap(api.GET('/api/v1/bundles/{bundleNumber}', { params: { path: { bundleNumber } } })),
      );
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [bundleNumber]);
  useEffect(() => {
    void load();
  }, [load]);

  const takeOut = async (matter: string) => {
    try {
      setView(
        await unwrap(
          api.POST('/api/v1/bundles/{bundleNumber}/parts/{matter}/take-out', {
            params: { path: { bundleNumber, matter } },
          }),
        ),
      );
      message.success(t('bundle.takeOut'));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  if (!view) return error ? <Alert type="error" showIcon title={error} /> : <Skeleton active />;
  return (
    <div data-testid="bundle">
      <PageTitle>{view.name}</PageTitle>
      <Card size="small" className="section">
        <div className="case-head">
          <span className="mono case-number" data-testid="bundle-number">
            {view.bundleNumber}
          </span>
          <Tag
            color={
              view.status === 'completed'
                ? 'success'
                : view.status === 'in_progress'
                  ? 'processing'
                  : 'warning'
            }
            data-testid="bundle-status"
          >
            {t(`bundle.status.${view.status}` as MessageKey)}
          </Tag>
        </div>
        {view.birth && (
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'b',
                label: '出生信息',
                children: `${view.birth.institution} · ${view.birth.birthDate} · ${view.birth.gender}`,
              },
              ...(view.household ? [{ key: 'h', label: '落户地址', children: view.household }] : []),
              { key: 'e', label: t('bundle.evidence'), children: view.evidence.length },
            ]}
          />
        )}
        {error && <Alert type="error" showIcon title={error} role="alert" />}
      </Card>
      <Card size="small" className="section" title={t('bundle.results')}>
        <List
          size="small"
          dataSource={view.parts}
          data-testid="bundle-parts"
          renderItem={(p) => (
            <List.Item key={p.matter} data-part={p.matter} data-status={p.status}>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap>
                  <strong>{p.matterName}</strong>
                  <Tag color={PART_COLOR[p.status]}>{p.stateLabel}</Tag>
                </Space>
                <span className="muted">
                  {p.handler}
                  {p.deadline && (
                    <>
                      {' · '}
                      {t('bundle.partDeadline')} <span className="mono">{p.deadline}</span>
                      {p.deadlineProvisional && <ProvisionalTag />}
                    </>
                  )}
                </span>
                {p.result?.map((r) => (
                  <span key={r.id} className="part-result">
                    {r.label}：<span className="mono">{r.value}</span>
                  </span>
                ))}
                {['dispatching', 'submitted', 'in_progress'].includes(p.status) && (
                  <Button size="small" onClick={() => void takeOut(p.matter)}>
                    {t('bundle.takeOut')}
                  </Button>
                )}
              </Space>
            </List.Item>
          )}
        />
        {view.parts.some((p) => p.deadline && p.deadlineProvisional) && (
          <div className="provisional-hint" data-testid="provisional-hint">
            {t('inbox.provisionalHint')}
          </div>
        )}
      </Card>
      <Card size="small" className="section" title={t('bundle.timeline')}>
        <Timeline
          items={view.timeline.map((e, i) => ({
            key: String(i),
            content: (
              <div>
                <div>
                  <Tag>{e.matterName}</Tag>
                  <strong>{e.actionLabel}</strong>
                </div>
                <div className="muted">
                  {formatTime(e.at)}
                  {e.handler ? ` · ${e.handler}` : ''}
                </div>
                {e.opinion && <div className="muted">{e.opinion}</div>}
              </div>
            ),
          }))}
        />
      </Card>
    </div>
  );
}
