/**
 * Pieces shared by the case page and the public progress page: the legal clock (or why it cannot be
 * computed), the progress timeline, and the one-time correction notice.
 */
import { ClockCircleOutlined, FilePdfOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { Alert, Space, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { CaseClock, CaseDetail, TimelineEntry } from '../api/types.ts';
import { useI18n } from '../i18n/useI18n.ts';

/** `2026-11-23 21:08` in the browser's time zone. */
export function formatTime(iso: string): string {
  return dayjs(iso).format('YYYY-MM-DD HH:mm');
}

/** The unit of a limit text such as 「60日」 or 「10个工作日」, in the current language. */
function useUnit() {
  const { t } = useI18n();
  return (limit: string) => t(limit.endsWith('个工作日') ? 'unit.working_days' : 'unit.calendar_days');
}

/** Red 已逾期 / orange 临期 / green 正常 tag for a clock. */
export function ClockTag({ clock }: { clock: Pick<CaseClock, 'overdue' | 'warning' | 'state'> }) {
  const { t } = useI18n();
  if (clock.overdue) return <Tag color="error">{t('case.overdue')}</Tag>;
  if (clock.warning) return <Tag color="warning">{t('case.warning')}</Tag>;
  if (clock.state === 'running') return <Tag color="success">{t('case.onTime')}</Tag>;
  return null;
}

/** The server's reason for a 「预计」 deadline without its leading 「预计：」 (the tag already says so). */
export function provisionalReason(note: string | undefined, fallback: string): string {
  const text = note?.replace(/^预计[:：]\s*/, '').trim();
  return text || fallback;
}

/** The 「预计」 tag of a deadline estimated without the year's holiday notice. */
export function ProvisionalTag({ testId = 'deadline-provisional' }: { testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color="gold" className="provisional-tag" data-testid={testId}>
      {t('case.provisional')}
    </Tag>
  );
}

/** The statutory clock of a case: limit, deadline, days left and a tag; or the reason it is missing. */
export function ClockInfo({
  clock,
  problem,
  label,
}: {
  clock: CaseClock | null | undefined;
  problem?: string;
  label?: string;
}) {
  const { t, lang } = useI18n();
  const unit = useUnit();
  if (!clock) {
    if (!problem) return null;
    return (
      <Alert
        type="info"
        showIcon
        icon={<ClockCircleOutlined />}
        title={t('case.clockProblem')}
        description={problem}
        data-testid="clock-problem"
      />
    );
  }
  const u = unit(clock.limit);
  const status =
    clock.state === 'not_started'
      ? t('case.clockNotStarted')
      : clock.state === 'paused'
        ? t('case.clockPaused')
        : clock.state === 'stopped'
          ? t('case.clockStopped')
          : null;
  return (
    <div className="clock" data-testid="clock">
      <div className="clock-head">
        <span className="clock-label">{label ?? t('case.clock')}</span>
        <span className="clock-limit">{clock.limit}</span>
        <ClockTag clock={clock} />
      </div>
      <div className="clock-body">
        {clock.deadline && (
          <span className="clock-deadline">
            {t('case.deadline')}
            {t('app.colon')}
            <span className="mono">{clock.deadline}</span>
            {clock.provisional && <ProvisionalTag testId="clock-provisional" />}
          </span>
        )}
        {clock.state !== 'not_started' && (
          <span className={clock.overdue ? 'clock-overdue' : clock.warning ? 'clock-warning' : undefined}>
            {clock.overdue
              ? `${t('case.overdueBy')} ${Math.abs(clock.remainingUnits)}${u}`
              : t('case.remaining', { n: clock.remainingUnits, unit: u })}
          </span>
        )}
        {clock.totalPausedUnits > 0 && (
          <span>{t('case.paused', { n: clock.totalPausedUnits, unit: u })}</span>
        )}
        {status && <span className="muted">{status}</span>}
      </div>
      {clock.provisional && (
        <div className="clock-note" data-testid="clock-provisional-note">
          {!clock.deadline && <ProvisionalTag testId="clock-provisional" />}
          {/* The server explains in Chinese (naming the years); other languages get the shell's own words. */}
          {lang === 'zh'
            ? provisionalReason(clock.provisionalNote, t('case.provisionalHint'))
            : t('case.provisionalHint')}
        </div>
      )}
    </div>
  );
}

/** The one-time correction notice (一次性告知): every material still to hand in. */
export function OneTimeNotice({ notice }: { notice: NonNullable<CaseDetail['oneTimeNotice']> }) {
  const { t } = useI18n();
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="one-time-notice"
      title={t('case.oneTimeNotice')}
      description={
        <>
          <div>{t('case.oneTimeNoticeDesc', { at: formatTime(notice.at) })}</div>
          <ol className="notice-list">
            {notice.missing.map((m) => (
              <li key={m.id}>{m.name}</li>
            ))}
          </ol>
        </>
      }
    />
  );
}

/**
 * The stages of a case, newest last. `noticeHref(entry)` gives the PDF link of a stage that issued a
 * notice (undefined: none, or not available to this viewer).
 */
export function CaseTimeline({
  timeline,
  terminal,
  noticeHref,
}: {
  timeline: readonly TimelineEntry[];
  terminal: boolean;
  noticeHref?: (entry: TimelineEntry) => string | undefined;
}) {
  const { t } = useI18n();
  const last = timeline.length - 1;
  return (
    <Timeline
      className="case-timeline"
      data-testid="timeline"
      items={timeline.map((e, i) => {
        const current = i === last && !terminal;
        const href = noticeHref?.(e);
        return {
          key: e.seq,
          color: e.pause ? 'orange' : current ? 'blue' : 'green',
          icon: e.pause ? <PauseCircleOutlined /> : undefined,
          content: (
            <div className="stage">
              <div className="stage-head">
                <span className="stage-action">{e.actionLabel}</span>
                <span className="stage-arrow">→</span>
                <Tag color={current ? 'processing' : 'default'} style={{ marginInlineEnd: 0 }}>
                  {e.stateLabel}
                </Tag>
              </div>
              <div className="stage-time mono">
                {formatTime(e.start)}
                {e.end
                  ? ` ${t('case.until')} ${formatTime(e.end)}`
                  : current
                    ? ` · ${t('case.current')}`
                    : ''}
              </div>
              {e.handler && (
                <div className="stage-line">
                  <span className="stage-key">{t('case.handler')}</span>
                  {e.handler}
                </div>
              )}
              {e.opinion && (
                <div className="stage-line">
                  <span className="stage-key">{t('case.opinion')}</span>
                  {e.opinion}
                </div>
              )}
              {e.pause && (
                <div className="stage-line">
                  <span className="stage-key">{t('case.pause')}</span>
                  {e.pause.reason}
                  <Typography.Text type="secondary">
                    {' '}
                    （{t('case.basis')}
                    {t('app.colon')}
                    {e.pause.basis}）
                  </Typography.Text>
                </div>
              )}
              {href && (
                <Space className="stage-line">
                  <a href={href} target="_blank" rel="noopener" data-testid={`notice-${e.seq}`}>
                    <FilePdfOutlined /> {t('case.notice')}
                  </a>
                </Space>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
