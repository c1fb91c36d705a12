/**
 * 新生儿“出生一件事”: one merged form (rendered from the bundle definition), the eligibility answer with a
 * reason for each condition and what to do instead, the five parts with their agencies (each may be left
 * out to do singly), and one submission. Phone-first.
 */
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Form, Input, List, Radio, Select, Skeleton, Space, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage, unwrap } from '../api/client.ts';
import type { BundleGuide, BundlePrecheck } from '../api/types.ts';
import { BUTTON_LOADING } from '../components/button-loading.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n/useI18n.ts';
import { navigate } from '../router/router.ts';
import { PATHS, pathTo } from '../router/routes.ts';
import { useSession } from '../session/useSession.ts';

const CODE = 'newborn-birth';

export function NewbornPage() {
  const { t } = useI18n();
  const { account } = useSession();
  const [guide, setGuide] = useState<BundleGuide | null>(null);
  const [form, setForm] = useState<Record<string, string>>({});
  const [check, setCheck] = useState<BundlePrecheck | null>(null);
  const [leaveOut, setLeaveOut] = useState<string[]>([]);
  const [busy, setBusy] = useState<'check' | 'submit' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = useMemo(() => `newborn-${Date.now()}-${Math.random().toString(36).slice(2)}`, []);
  // Region fields choose among the cities of 山西 (the joint service is provincial).
  const [cities, setCities] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    unwrap(api.GET('/api/v1/regions/{code}', { params: { path: { code: '140000' } } })).then(
      (r) => setCities(r.children.filter((c) => c.gb).map((c) => ({ value: c.code, label: c.name }))),
      () => {},
    );
  }, []);

  useEffect(() => {
    unwrap(api.GET('/api/v1/bundles/{code}/guide', { params: { path: { code: CODE } } })).then(
      (g) => setGuide(g as unknown as BundleGuide),
      (e) => setError(errorMessage(e)),
    );
  }, []);
  useEffect(() => {
    if (account?.kind === 'citizen') setForm((f) => ({ settleWith: 'father', ...f }));
  }, [account]);

  const set = (id: string, v: string) => {
    setForm((f) => ({ ...f, [id]: v }));
    setCheck(null);
  };
  const body = () => Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== ''));

  const runCheck = async () => {
    setError(null);
    setBusy('check');
    try {
      setCheck(
        await unwrap(
          api.POST('/api/v1/bundles/{code}/precheck', {
            params: { path: { code: CODE } },
            body: { form: body() },
          }),
        ),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    setError(null);
    setBusy('submit');
    try {
      const r = await unwrap(
        api.POST('/api/v1/bundles/{code}', {
          params: { path: { code: CODE }, header: { 'idempotency-key': key } },
          body: { form: body(), ...(leaveOut.length ? { exclude: leaveOut } : {}) },
        }),
      );
      navigate(pathTo(PATHS.bundle, { bundleNumber: r.bundleNumber }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  if (!guide) return error ? <Alert type="error" showIcon title={error} /> : <Skeleton active />;
  return (
    <div data-testid="newborn">
      <PageTitle>{guide.name}</PageTitle>
      <Alert type="info" showIcon className="section" title={guide.summary} />
      <Form layout="vertical" className="section" onFinish={() => void runCheck()}>
        {guide.form.map((section) => (
          <Card key={section.title} title={section.title} size="small" className="section">
            {section.fields.map((f) => (
              <Form.Item
                key={f.id}
                label={f.label}
                required={f.required && !f.default}
                extra={f.help ?? (f.default ? `默认：${f.default}` : undefined)}
              >
                {f.type === 'region' ? (
                  <Select
                    aria-label={f.label}
                    allowClear
                    placeholder={f.default}
                    value={form[f.id] || undefined}
                    onChange={(v?: string) => set(f.id, v ?? '')}
                    options={cities}
                    style={{ width: '100%' }}
                  />
                ) : f.type === 'enum' ? (
                  <Radio.Group
                    value={form[f.id]}
                    onChange={(e) => set(f.id, e.target.value)}
                    options={f.options?.map((o) => ({ value: o.value, label: o.label }))}
                    aria-label={f.label}
                  />
                ) : (
                  <Input
                    aria-label={f.label}
                    data-field={f.id}
                    value={form[f.id] ?? ''}
                    onChange={(e) => set(f.id, e.target.value)}
                    inputMode={f.type === 'phone' ? 'numeric' : undefined}
                    placeholder={f.default ?? (f.type === 'id_number' ? '18 位公民身份号码' : undefined)}
                    maxLength={f.type === 'text' ? 100 : 18}
                  />
                )}
              </Form.Item>
            ))}
          </Card>
        ))}
        <Button type="primary" htmlType="submit" block loading={busy === 'check' && BUTTON_LOADING}>
          {t('bundle.check')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} role="alert" className="section" />}
      {check && (
        <Card
          size="small"
          className="section"
          data-testid="eligibility"
          title={
            <Space>
              {check.eligible ? (
                <Tag color="success">{t('bundle.eligible')}</Tag>
              ) : (
                <Tag color="error">{t('bundle.notEligible')}</Tag>
              )}
              {check.daysLeft !== null && check.lastDay && check.daysLeft >= 0 && (
                <span>{t('bundle.daysLeft', { days: String(check.daysLeft), date: check.lastDay })}</span>
              )}
            </Space>
          }
        >
          <List
            size="small"
            dataSource={check.conditions}
            renderItem={(c) => (
              <List.Item key={c.id} data-condition={c.id} data-passed={String(c.passed)}>
                <Space direction="vertical" size={2}>
                  <span>
                    {c.passed ? (
                      <CheckCircleFilled style={{ color: '#52c41a' }} />
                    ) : (
                      <CloseCircleFilled style={{ color: '#ff4d4f' }} />
                    )}{' '}
                    <strong>{c.label}</strong>
                  </span>
                  <span className="muted">{c.reason}</span>
                  {c.instead && <Alert type="warning" showIcon title={c.instead} />}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      {check?.eligible && (
        <Card size="small" className="section" title={t('bundle.parts')} data-testid="parts">
          <List
            size="small"
            dataSource={check.parts}
            renderItem={(p) => (
              <List.Item
                key={p.matter}
                extra={
                  <Checkbox
                    checked={leaveOut.includes(p.matter)}
                    onChange={(e) =>
                      setLeaveOut((l) =>
                        e.target.checked ? [...l, p.matter] : l.filter((x) => x !== p.matter),
                      )
                    }
                  >
                    {t('bundle.leaveOut')}
                  </Checkbox>
                }
              >
                <Space direction="vertical" size={0}>
                  <strong>{p.name}</strong>
                  <span className="muted">{p.department}</span>
                </Space>
              </List.Item>
            )}
          />
          <Button
            type="primary"
            block
            size="large"
            onClick={() => void submit()}
            loading={busy === 'submit' && BUTTON_LOADING}
            disabled={leaveOut.length === check.parts.length}
          >
            {t('bundle.submit')}
          </Button>
        </Card>
      )}
    </div>
  );
}
