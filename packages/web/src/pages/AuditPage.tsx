/**
 * 审计链校验 (administrators): recomputes every audit partition's hash chain on the server and shows
 * either "intact" with the counts or the first record that breaks the chain.
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Result, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../api/client.ts';
import type { AuditVerifyResult } from '../api/types.ts';
import { BUTTON_LOADING } from '../components/button-loading.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n/useI18n.ts';

/** The audit-chain verification page. */
export function AuditPage() {
  const { t } = useI18n();
  const [result, setResult] = useState<{ at: Date; r: AuditVerifyResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult({ at: new Date(), r: await unwrap(api.POST('/api/v1/admin/audit/verify')) });
    } catch (e) {
      setResult(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('tool.audit')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph style={{ marginTop: 0 }}>{t('audit.desc')}</Typography.Paragraph>
        <Button
          type="primary"
          size="large"
          icon={<SafetyCertificateOutlined />}
          loading={busy && BUTTON_LOADING}
          onClick={verify}
        >
          {t('audit.run')}
        </Button>
      </Card>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {result && (
        <Card data-testid="audit-result">
          {result.r.ok ? (
            <Result
              status="success"
              title={t('audit.ok')}
              subTitle={t('audit.okDesc', { partitions: result.r.partitions, rows: result.r.rows })}
              extra={
                <Typography.Text type="secondary">
                  {t('audit.checkedAt')}
                  {t('app.colon')}
                  {result.at.toLocaleString()}
                </Typography.Text>
              }
            />
          ) : (
            <>
              <Result
                status="error"
                title={t('audit.broken')}
                subTitle={t('audit.brokenDesc', { partitions: result.r.partitions, rows: result.r.rows })}
              />
              {result.r.firstBreak && (
                <Descriptions
                  bordered
                  size="small"
                  column={1}
                  items={[
                    {
                      key: 'p',
                      label: t('audit.partition'),
                      children: <span className="mono">{result.r.firstBreak.partition}</span>,
                    },
                    { key: 'id', label: t('audit.rowId'), children: result.r.firstBreak.id ?? '—' },
                    { key: 'seq', label: t('audit.seq'), children: result.r.firstBreak.seq },
                    { key: 'reason', label: t('audit.reason'), children: result.r.firstBreak.reason },
                  ]}
                />
              )}
            </>
          )}
        </Card>
      )}
    </>
  );
}
