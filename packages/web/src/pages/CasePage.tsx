/**
 * 办件详情: state, the legal clock (or why it cannot be computed), materials, the one-time notice, the
 * progress timeline with notice PDFs, and the actions open to me (opinion, outcome, pause reason).
 */
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Input,
  List,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, unwrap } from '../api/client.ts';
import { fetchGuide } from '../api/guides.ts';
import type { CaseDetail, MatterGuide, TimelineEntry } from '../api/types.ts';
import { BUTTON_LOADING } from '../components/button-loading.ts';
import {
  CaseTimeline,
  ClockInfo,
  formatTime,
  OneTimeNotice,
  ProvisionalTag,
} from '../components/CaseParts.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n/useI18n.ts';
import { MATERIAL_STATUS, SOURCE_COLORS, SOURCE_KEYS } from '../labels.ts';
import { Link } from '../router/Link.tsx';
import { PATHS, useRouteParams } from '../router/routes.ts';
import { useSession } from '../session/useSession.ts';

/** The case page. */
export function CasePage() {
  const { t } = useI18n();
  const { caseNumber = '' } = useRouteParams();
  const [view, setView] = useState<CaseDetail | null>(null);
  const [guide, setGuide] = useState<MatterGuide | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const v = await unwrap(api.GET('/api/v1/cases/{caseNumber}', { params: { path: { caseNumber } } }));
      setView(v);
      fetchGuide(v.matter.code).then(setGuide, () => {});
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [caseNumber]);

  useEffect(() => {
    setView(null);
    void load();
  }, [load]);

  return (
    <>
      <PageTitle>{view ? view.matter.name : t('case.title')}</PageTitle>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
      {!view && !error && <Skeleton active />}
      {view && <CaseView view={view} guide={guide} onChange={setView} reload={() => void load()} />}
    </>
  );
}

function CaseView({
  view,
  guide,
  onChange,
  reload,
}: {
  view: CaseDetail;
  guide: MatterGuide | null;
  onChange: (v: CaseDetail) => void;
  reload: () => void;
}) {
  const { t } = useI18n();
  const noticeHref = (e: TimelineEntry) => {
    const action = guide?.workflow.actions.find((a) => a.label === e.actionLabel);
    if (!action?.notice) return undefined;
    return `/api/v1/cases/${encodeURIComponent(view.caseNumber)}/notices/${e.seq}`;
  };

  return (
    <div data-testid="case">
      <Card size="small" className="section">
        <div className="case-head">
          <span className="mono case-number" data-testid="case-number">
            {view.caseNumber}
          </span>
          <Tag
            color={view.terminal ? 'default' : 'processing'}
            className="case-state"
            data-testid="case-state"
          >
            {view.stateLabel}
          </Tag>
        </div>
        {view.outcome && (
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'o', label: t('case.outcome'), children: <strong>{view.outcome.label}</strong> },
              ...(view.result ?? []).map((r) => ({
                key: r.id,
                label: r.label,
                children: <span className="mono">{r.value}</span>,
              })),
            ]}
          />
        )}
        <Space direction="vertical" style={{ width: '100%' }} size={8}>
          <ClockInfo clock={view.clock} problem={view.clockProblem} />
          {view.stageClock && <ClockInfo clock={view.stageClock} label={t('case.stageClock')} />}
        </Space>
      </Card>
      {view.oneTimeNotice && !view.terminal && (
        <div className="section">
          <OneTimeNotice notice={view.oneTimeNotice} />
        </div>
      )}
      {view.actions.some((a) => a.kind !== 'revoke' || !view.tasks.some((x) => !x.closedAt)) && (
        <Actions view={view} guide={guide} onChange={onChange} key={view.timeline.length} />
      )}
      {view.tasks.length > 0 && <Tasks view={view} reload={reload} />}
      {view.commitment && (
        <Card title={t('case.commitment')} size="small" className="section" data-testid="commitment">
          <Typography.Paragraph>{view.commitment.text}</Typography.Paragraph>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 's', label: t('case.signedBy'), children: view.commitment.signedBy },
              { key: 't', label: t('case.signedAt'), children: formatTime(view.commitment.signedAt) },
              {
                key: 'm',
                label: t('case.materials'),
                children: view.commitment.materials.map((m) => m.name).join('、'),
              },
            ]}
          />
        </Card>
      )}
      <Card title={t('case.timeline')} size="small" className="section">
        <CaseTimeline timeline={view.timeline} terminal={view.terminal} noticeHref={noticeHref} />
      </Card>
      <Card title={t('case.materials')} size="small" className="section">
        <List
          size="small"
          dataSource={view.materials}
          data-testid="materials"
          renderItem={(m) => {
            const status = MATERIAL_STATUS[m.status];
            return (
              <List.Item key={m.id} className="material-row">
                <div className="material-name">
                  {m.name}
                  {m.required && <span className="required-mark"> *</span>}
                </div>
                <Space size={[4, 4]} wrap>
                  {m.via && (
                    <Tag color={SOURCE_COLORS[m.via]}>
                      {SOURCE_KEYS[m.via] ? t(SOURCE_KEYS[m.via]!) : m.via}
                    </Tag>
                  )}
                  <Tag color={status?.color}>{status ? t(status.key) : m.status}</Tag>
                </Space>
              </List.Item>
            );
          }}
        />
      </Card>
      <div className="section muted-link">
        <Link href={`${PATHS.progress}?caseNumber=${encodeURIComponent(view.caseNumber)}`}>
          {t('case.progressLink')}
        </Link>
      </div>
    </div>
  );
}

/** The actions open to me, as buttons over one opinion box (plus outcome / pause reason where needed). */
function Actions({
  view,
  guide,
  onChange,
}: {
  view: CaseDetail;
  guide: MatterGuide | null;
  onChange: (v: CaseDetail) => void;
}) {
  const { t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const [opinion, setOpinion] = useState('');
  const [outcome, setOutcome] = useState<string | undefined>();
  const [pauseReason, setPauseReason] = useState<string | undefined>();
  const [inadequate, setInadequate] = useState<string[]>([]);
  const [result, setResult] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A result granted on a commitment is revoked through its verification task (below), not beside it.
  const verifying = view.tasks.some((x) => x.kind === 'commitment_verification' && !x.closedAt);
  const defs = view.actions
    .filter((a) => !(verifying && a.kind === 'revoke'))
    .map((a) => ({ ...a, def: guide?.workflow.actions.find((d) => d.id === a.id) }));
  const decide = defs.find((a) => a.kind === 'decide');
  const outcomes = decide?.def?.outcomes ?? [];
  const pause = defs.find((a) => a.kind === 'pause');
  const pauseReasons = pause
    ? (guide?.workflow.states.find((s) => s.id === pause.def?.to)?.pauseReasons ?? [])
    : [];
  const correction = defs.some((a) => a.kind === 'request_correction');
  /** Result fields (证照编号 …) a granted decision records; refusals (not_…) need none. */
  const resultFields = decide && outcome && !outcome.startsWith('not_') ? (guide?.result.fields ?? []) : [];
  const onFile = view.materials.filter((m) => m.status === 'on_file');

  const run = async (a: (typeof defs)[number]) => {
    setError(null);
    if (a.def?.opinionRequired && !opinion.trim()) return setError(t('case.opinionRequired'));
    if (a.kind === 'decide' && outcomes.length > 0 && !outcome) return setError(t('case.outcomeRequired'));
    if (a.kind === 'pause' && pauseReasons.length > 0 && !pauseReason)
      return setError(t('case.pauseReasonRequired'));
    const terminalish = ['reject', 'withdraw', 'decide'].includes(a.kind);
    if (terminalish) {
      const ok = await modal.confirm({ title: t('case.confirm', { action: a.label }), okText: a.label });
      if (!ok) return;
    }
    setBusy(a.id);
    try {
      const v = await unwrap(
        api.POST('/api/v1/cases/{caseNumber}/actions', {
          params: { path: { caseNumber: view.caseNumber } },
          body: {
            action: a.id,
            expectedSeq: view.timeline.length,
            ...(opinion.trim() ? { opinion: opinion.trim() } : {}),
            ...(a.kind === 'decide' && outcome ? { outcome } : {}),
            ...(a.kind === 'pause' && pauseReason ? { pause: { reason: pauseReason } } : {}),
            ...(a.kind === 'request_correction' && inadequate.length > 0 ? { inadequate } : {}),
            ...(a.kind === 'decide' && resultFields.length ? { data: result } : {}),
          },
        }),
      );
      message.success(t('case.actionDone', { action: a.label }));
      onChange(v);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={t('case.actions')} size="small" className="section" data-testid="actions">
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        <Input.TextArea
          aria-label={t('case.opinion')}
          placeholder={t('case.opinionPlaceholder')}
          value={opinion}
          onChange={(e) => setOpinion(e.target.value)}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={2000}
        />
        {outcomes.length > 0 && (
          <Select
            aria-label={t('case.outcome')}
            placeholder={t('case.outcomePlaceholder')}
            value={outcome}
            onChange={setOutcome}
            options={outcomes.map((o) => ({ value: o.id, label: o.label }))}
            style={{ width: '100%' }}
          />
        )}
        {resultFields.map((f) => (
          <Input
            key={f.id}
            aria-label={f.label}
            addonBefore={f.label}
            value={result[f.id] ?? ''}
            onChange={(e) => setResult((r) => ({ ...r, [f.id]: e.target.value }))}
            maxLength={40}
          />
        ))}
        {pauseReasons.length > 0 && (
          <Select
            aria-label={t('case.pauseReason')}
            placeholder={t('case.pauseReason')}
            value={pauseReason}
            onChange={setPauseReason}
            options={pauseReasons.map((r) => ({ value: r.reason, label: `${r.reason}（${r.basis}）` }))}
            style={{ width: '100%' }}
          />
        )}
        {correction && onFile.length > 0 && (
          <div>
            <div className="field-label">{t('case.inadequate')}</div>
            <Checkbox.Group value={inadequate} onChange={setInadequate} className="apply-materials">
              {onFile.map((m) => (
                <Checkbox key={m.id} value={m.id}>
                  {m.name}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </div>
        )}
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        <div className="action-buttons">
          {defs.map((a) => (
            <Button
              key={a.id}
              type={a.kind === 'reject' || a.kind === 'withdraw' ? 'default' : 'primary'}
              danger={a.kind === 'reject' || a.kind === 'withdraw'}
              loading={busy === a.id && BUTTON_LOADING}
              disabled={busy !== null && busy !== a.id}
              onClick={() => void run(a)}
            >
              {a.label}
            </Button>
          ))}
        </div>
      </Space>
    </Card>
  );
}

/** Follow-up tasks of the case; staff of the handling department record a commitment verification here. */
function Tasks({ view, reload }: { view: CaseDetail; reload: () => void }) {
  const { t } = useI18n();
  const { account } = useSession();
  const { message, modal } = AntApp.useApp();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const open = view.tasks.find((x) => x.kind === 'commitment_verification' && !x.closedAt);
  const verify = async (outcome: 'confirmed' | 'false_commitment') => {
    setError(null);
    if (!note.trim()) return setError(t('case.opinionRequired'));
    if (outcome === 'false_commitment') {
      const ok = await modal.confirm({ title: t('case.verifyFalse'), okText: t('case.verifyFalse') });
      if (!ok) return;
    }
    try {
      await unwrap(
        api.POST('/api/v1/cases/{caseNumber}/verification', {
          params: { path: { caseNumber: view.caseNumber } },
          body: { outcome, note: note.trim() },
        }),
      );
      message.success(t('case.verifyDone'));
      reload();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card title={t('case.tasks')} size="small" className="section" data-testid="tasks">
      <List
        size="small"
        dataSource={view.tasks}
        renderItem={(task) => (
          <List.Item key={`${task.kind}-${task.openedAt}`}>
            <Space direction="vertical" size={2}>
              <Space wrap>
                <strong>{task.label}</strong>
                {task.closedAt ? (
                  <Tag>{task.outcome}</Tag>
                ) : task.overdue ? (
                  <Tag color="error">{t('case.overdue')}</Tag>
                ) : (
                  <Tag color="processing">{t('case.onTime')}</Tag>
                )}
              </Space>
              <span className="muted">
                {t('case.taskDue')} {task.dueAt.slice(0, 10)}
                {!task.closedAt && task.dueProvisional && <ProvisionalTag />}
                {task.note ? ` · ${task.note}` : ''}
              </span>
              {!task.closedAt && task.dueProvisional && (
                <span className="clock-note">{t('case.provisionalHint')}</span>
              )}
            </Space>
          </List.Item>
        )}
      />
      {open && account?.kind === 'staff' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            aria-label={t('case.verifyNote')}
            placeholder={t('case.verifyNote')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            autoSize={{ minRows: 2 }}
            maxLength={2000}
          />
          {error && <Alert type="error" showIcon title={error} role="alert" />}
          <div className="action-buttons">
            <Button type="primary" onClick={() => void verify('confirmed')}>
              {t('case.verifyConfirmed')}
            </Button>
            <Button danger onClick={() => void verify('false_commitment')}>
              {t('case.verifyFalse')}
            </Button>
          </div>
        </Space>
      )}
    </Card>
  );
}
