/** 进度查询 (public): the timeline of a case, given its number and the applicant's ID number. */
import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../api/client.ts';
import type { CaseProgress } from '../api/types.ts';
import { BUTTON_LOADING } from '../components/button-loading.ts';
import { CaseTimeline, ClockInfo, OneTimeNotice } from '../components/CaseParts.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n/useI18n.ts';
import { useQueryParam } from '../router/routes.ts';

/** The public progress page. */
export function ProgressPage() {
  const { t } = useI18n();
  const initialCase = useQueryParam('caseNumber') ?? '';
  const [result, setResult] = useState<CaseProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async ({ caseNumber, idNumber }: { caseNumber: string; idNumber: string }) => {
    setBusy(true);
    setError(null);
    try {
      setResult(
        await unwrap(
          api.GET('/api/v1/progress', {
            params: { query: { caseNumber: caseNumber.trim(), idNumber: idNumber.trim().toUpperCase() } },
          }),
        ),
      );
    } catch (e) {
      setResult(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('tool.progress')}</PageTitle>
      <Card className="section">
        <p className="muted" style={{ marginTop: 0 }}>
          {t('progress.desc')}
        </p>
        <Form
          layout="vertical"
          onFinish={onFinish}
          requiredMark={false}
          initialValues={{ caseNumber: initialCase }}
        >
          <Form.Item
            label={t('progress.caseNumber')}
            name="caseNumber"
            rules={[{ required: true, whitespace: true, message: t('progress.caseNumberRequired') }]}
          >
            <Input
              size="large"
              className="mono"
              placeholder={t('progress.caseNumberPlaceholder')}
              maxLength={40}
              autoComplete="off"
              allowClear
            />
          </Form.Item>
          <Form.Item
            label={t('progress.idNumber')}
            name="idNumber"
            rules={[{ required: true, whitespace: true, message: t('progress.idNumberRequired') }]}
          >
            <Input
              size="large"
              className="mono"
              placeholder={t('progress.idNumberPlaceholder')}
              maxLength={32}
              autoComplete="off"
              autoCapitalize="characters"
              allowClear
            />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              block
              icon={<SearchOutlined />}
              loading={busy && BUTTON_LOADING}
            >
              {t('progress.submit')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon title={error} role="alert" className="section" />}
      {result && (
        <div data-testid="progress-result">
          <Card size="small" className="section">
            <div className="case-head">
              <span className="case-matter">{result.matter.name}</span>
              <Tag color={result.terminal ? 'default' : 'processing'} className="case-state">
                {result.stateLabel}
              </Tag>
            </div>
            <div className="mono list-sub" style={{ marginBottom: 8 }}>
              {result.caseNumber}
            </div>
            <Space direction="vertical" style={{ width: '100%' }} size={8}>
              {result.outcome && (
                <div>
                  {t('case.outcome')}
                  {t('app.colon')}
                  <strong>{result.outcome.label}</strong>
                </div>
              )}
              <ClockInfo clock={result.clock} problem={result.clockProblem} />
            </Space>
          </Card>
          {result.oneTimeNotice && !result.terminal && (
            <div className="section">
              <OneTimeNotice notice={result.oneTimeNotice} />
            </div>
          )}
          <Card title={t('case.timeline')} size="small" className="section">
            <CaseTimeline timeline={result.timeline} terminal={result.terminal} />
          </Card>
        </div>
      )}
    </>
  );
}
