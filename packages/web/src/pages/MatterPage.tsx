/**
 * 办事指南 of one matter: basics, conditions, materials with their source, time limits, legal basis, and
 * for citizens and employers 「在线申请」 with the materials they provide themselves ticked.
 */
import { SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Descriptions,
  type DescriptionsProps,
  Input,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage, unwrap } from '../api/client.ts';
import { fetchGuide, isYears } from '../api/guides.ts';
import type { GuideLimit, MatterGuide } from '../api/types.ts';
import { BUTTON_LOADING } from '../components/button-loading.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n/useI18n.ts';
import { FORM_KEYS, KIND_KEYS, SOURCE_COLORS, SOURCE_KEYS, UNIT_KEYS } from '../labels.ts';
import { Link } from '../router/Link.tsx';
import { navigate } from '../router/router.ts';
import { PATHS, pathTo, useRouteParams } from '../router/routes.ts';
import { useSession } from '../session/useSession.ts';

/** The guide page. */
export function MatterPage() {
  const { t } = useI18n();
  const { code = '' } = useRouteParams();
  const [guide, setGuide] = useState<MatterGuide | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setGuide(null);
    setError(null);
    fetchGuide(code)
      .then((g) => live && setGuide(g))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [code]);

  return (
    <>
      <PageTitle>{guide ? guide.name : t('guide.title')}</PageTitle>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {!guide && !error && <Skeleton active />}
      {guide && <Guide guide={guide} />}
    </>
  );
}

function useLimitText() {
  const { t } = useI18n();
  return (l: GuideLimit | { years: number }) =>
    isYears(l) ? t('guide.years', { n: l.years }) : `${l.amount}${t(UNIT_KEYS[l.unit])}`;
}

function Guide({ guide }: { guide: MatterGuide }) {
  const { t } = useI18n();
  const limit = useLimitText();
  const tl = guide.timeLimits;

  const basics: DescriptionsProps['items'] = [
    { key: 'type', label: t('guide.type'), children: guide.type },
    { key: 'body', label: t('guide.body'), children: guide.implementingBody },
    {
      key: 'applicants',
      label: t('guide.applicants'),
      children: guide.applicantKinds.map((k) => t(KIND_KEYS[k])).join(t('app.listSeparator')),
    },
    {
      key: 'visits',
      label: t('guide.onSite'),
      children:
        guide.onSiteVisits === 0
          ? t('guide.visitsZero')
          : `${t('guide.visits', { n: guide.onSiteVisits })}${guide.onSiteReason ? `（${guide.onSiteReason}）` : ''}`,
    },
    {
      key: 'fees',
      label: t('guide.fees'),
      children: guide.fees.charged
        ? `${t('guide.charged')}${guide.fees.basis ? `（${guide.fees.basis}）` : ''}`
        : t('guide.free'),
    },
    { key: 'result', label: t('guide.result'), children: `${guide.result.name}（${guide.result.type}）` },
  ];

  const limitRow = (key: string, label: string, l: GuideLimit) => ({
    key,
    label,
    children: (
      <div>
        <strong>{limit(l)}</strong>
        {l.basis && <div className="basis">{l.basis}</div>}
      </div>
    ),
  });
  const limits: DescriptionsProps['items'] = [limitRow('statutory', t('guide.statutory'), tl.statutory)];
  if (tl.promised) limits.push(limitRow('promised', t('guide.promised'), tl.promised));
  if (tl.acceptance) limits.push(limitRow('acceptance', t('guide.acceptance'), tl.acceptance));
  if (tl.filing?.length) {
    limits.push({
      key: 'filing',
      label: t('guide.filing'),
      children: (
        <ul className="plain-list">
          {tl.filing.map((f) => (
            <li key={f.who}>
              {f.who}
              {t('app.colon')}
              <strong>{limit(f.limit)}</strong>
              {!isYears(f.limit) && f.limit.basis && <div className="basis">{f.limit.basis}</div>}
            </li>
          ))}
        </ul>
      ),
    });
  }

  return (
    <div data-testid="guide">
      <ApplyCard guide={guide} />
      <Card title={t('guide.basic')} size="small" className="section">
        <Descriptions items={basics} column={1} size="small" />
      </Card>
      <Card title={t('guide.conditions')} size="small" className="section">
        <ol className="plain-list numbered">
          {guide.conditions.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ol>
      </Card>
      <Card title={t('guide.materials')} size="small" className="section">
        <ol className="plain-list numbered materials">
          {guide.materials.map((m) => (
            <li key={m.id}>
              <div className="material-name">{m.name}</div>
              <Space size={[4, 4]} wrap>
                <Tag color={SOURCE_COLORS[m.source]}>{t(SOURCE_KEYS[m.source] ?? 'source.applicant')}</Tag>
                <Tag color={m.required ? 'red' : 'default'}>
                  {t(m.required ? 'guide.required' : 'guide.optional')}
                </Tag>
                <Tag>{t(FORM_KEYS[m.form])}</Tag>
                {m.copies > 0 && <Tag>{t('guide.copies', { n: m.copies })}</Tag>}
                {m.deferrable && <Tag color="orange">{t('guide.deferrable')}</Tag>}
                {m.commitmentAllowed && <Tag color="purple">{t('guide.commitmentAllowed')}</Tag>}
              </Space>
              {m.note && <div className="basis">{m.note}</div>}
            </li>
          ))}
        </ol>
      </Card>
      <Card title={t('guide.limits')} size="small" className="section">
        <Descriptions items={limits} column={1} size="small" />
      </Card>
      <Card title={t('guide.legalBasis')} size="small" className="section">
        <ul className="plain-list">
          {guide.legalBasis.map((b) => (
            <li key={`${b.title}${b.article}`}>
              《{b.title.replace(/（.*）$/, '')}》{b.article}
            </li>
          ))}
        </ul>
      </Card>
      <Card size="small" className="section">
        <Descriptions
          column={1}
          size="small"
          items={[
            {
              key: 'c',
              label: t('guide.consultation'),
              children: guide.consultation.join(t('app.listSeparator')),
            },
            { key: 'p', label: t('guide.complaint'), children: guide.complaint.join(t('app.listSeparator')) },
          ]}
        />
      </Card>
    </div>
  );
}

/** A fresh idempotency key (randomUUID needs a secure context; fall back elsewhere). */
const newKey = () =>
  `web-${globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`}`;

/** 在线申请: tick the materials handed in; shared / e-licence ones are fetched by the server. */
function ApplyCard({ guide }: { guide: MatterGuide }) {
  const { t } = useI18n();
  const { account } = useSession();
  const { message } = AntApp.useApp();
  const provided = useMemo(
    () => guide.materials.filter((m) => m.source === 'applicant' || m.source === 'commitment'),
    [guide],
  );
  const automatic = guide.materials.filter((m) => !provided.includes(m));
  const committable = guide.commitment?.allowed ? guide.materials.filter((m) => m.commitmentAllowed) : [];
  const deferrable = guide.deferredAcceptance?.allowed ? guide.materials.filter((m) => m.deferrable) : [];
  const [checked, setChecked] = useState<string[]>(() => provided.filter((m) => m.required).map((m) => m.id));
  const [committed, setCommitted] = useState<string[]>([]);
  const [deferred, setDeferred] = useState<string[]>([]);
  const [signedBy, setSignedBy] = useState('');
  // 办理地: the cities where the matter's agency has a department; the applicant's own city by default.
  const [places, setPlaces] = useState<{ value: string; label: string }[]>([]);
  const [regionCode, setRegionCode] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    unwrap(api.GET('/api/v1/departments'))
      .then((ds) => {
        if (!live) return;
        const cities = new Map<string, string>();
        for (const d of ds)
          if (
            d.agency === guide.department.agency &&
            /^\d{4}00$/.test(d.regionCode) &&
            !d.regionCode.endsWith('0000')
          )
            if (!cities.has(d.regionCode)) cities.set(d.regionCode, d.name);
        const options = [...cities].map(([value, label]) => ({ value, label }));
        setPlaces(options);
        const mine = account?.regionCode ? `${account.regionCode.slice(0, 4)}00` : undefined;
        setRegionCode(options.some((o) => o.value === mine) ? undefined : options[0]?.value);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [guide, account]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One key per guide visit: a double click or a retry after a lost answer does not file twice.
  const [idempotencyKey] = useState(newKey);

  if (!account) {
    return (
      <Card size="small" className="section apply">
        <Link href={PATHS.login}>
          <Button type="primary" size="large" block icon={<SendOutlined />}>
            {t('guide.loginToApply')}
          </Button>
        </Link>
      </Card>
    );
  }
  if (account.kind !== 'citizen' && account.kind !== 'employer') {
    return <Alert type="info" showIcon className="section" title={t('guide.applicantsOnly')} />;
  }
  if (!guide.applicantKinds.includes(account.kind)) {
    return <Alert type="info" showIcon className="section" title={t('guide.kindNotServed')} />;
  }

  const submit = async () => {
    setError(null);
    if (committed.length && !signedBy.trim()) return setError(t('apply.signatureRequired'));
    setBusy(true);
    const materials = checked.filter((id) => !committed.includes(id) && !deferred.includes(id));
    const shape = [...materials, ...committed.map((c) => `c:${c}`), ...deferred.map((d) => `d:${d}`)];
    try {
      const r = await unwrap(
        api.POST('/api/v1/cases', {
          body: {
            matter: guide.code,
            materials,
            ...(committed.length
              ? { commitments: committed, commitment: { signedBy: signedBy.trim() } }
              : {}),
            ...(deferred.length ? { deferred } : {}),
            ...(regionCode ? { regionCode } : {}),
          },
          params: { header: { 'idempotency-key': `${idempotencyKey}-${shape.sort().join(',')}` } },
        }),
      );
      message.success(t('guide.submitted', { caseNumber: r.caseNumber }));
      navigate(pathTo(PATHS.case, { caseNumber: r.caseNumber }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('guide.apply')} size="small" className="section apply" data-testid="apply">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('guide.applyHint')}
      </Typography.Paragraph>
      {places.length > 1 && (
        <div className="section">
          <div className="field-label">{t('apply.place')}</div>
          <Select
            aria-label={t('apply.place')}
            value={regionCode ?? (account?.regionCode ? `${account.regionCode.slice(0, 4)}00` : undefined)}
            onChange={setRegionCode}
            options={places}
            style={{ width: '100%' }}
          />
        </div>
      )}
      <Checkbox.Group value={checked} onChange={(v) => setChecked(v)} className="apply-materials">
        {provided.map((m) => (
          <Checkbox key={m.id} value={m.id}>
            {m.name}
            {m.required && <span className="required-mark"> *</span>}
          </Checkbox>
        ))}
      </Checkbox.Group>
      {automatic.length > 0 && (
        <ul className="plain-list auto-materials">
          {automatic.map((m) => (
            <li key={m.id}>
              <Tag color={SOURCE_COLORS[m.source]}>{t(SOURCE_KEYS[m.source] ?? 'guide.autoFetched')}</Tag>
              {m.name}
            </li>
          ))}
        </ul>
      )}
      {committable.length > 0 && (
        <div className="section" data-testid="commitment">
          <div className="field-label">{t('apply.commitTitle')}</div>
          <Typography.Paragraph type="secondary">{t('apply.commitHint')}</Typography.Paragraph>
          <Checkbox.Group value={committed} onChange={(v) => setCommitted(v)} className="apply-materials">
            {committable.map((m) => (
              <Checkbox key={m.id} value={m.id}>
                {m.name}
              </Checkbox>
            ))}
          </Checkbox.Group>
          {committed.length > 0 && (
            <>
              <Alert type="warning" className="commitment-text" title={guide.commitment.text} />
              <Input
                aria-label={t('apply.signature')}
                placeholder={t('apply.signature')}
                value={signedBy}
                onChange={(e) => setSignedBy(e.target.value)}
                maxLength={60}
                style={{ marginTop: 8 }}
              />
            </>
          )}
        </div>
      )}
      {deferrable.length > 0 && (
        <div className="section" data-testid="deferral">
          <div className="field-label">{t('apply.deferTitle')}</div>
          <Typography.Paragraph type="secondary">{t('apply.deferHint')}</Typography.Paragraph>
          <Checkbox.Group value={deferred} onChange={(v) => setDeferred(v)} className="apply-materials">
            {deferrable.map((m) => (
              <Checkbox key={m.id} value={m.id}>
                {m.name}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </div>
      )}
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginTop: 12 }} />}
      <Button
        type="primary"
        size="large"
        block
        icon={<SendOutlined />}
        loading={busy && BUTTON_LOADING}
        onClick={submit}
        style={{ marginTop: 12 }}
      >
        {t('guide.submit')}
      </Button>
    </Card>
  );
}
