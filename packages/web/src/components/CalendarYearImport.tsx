/**
 * 导入年度放假安排 (administrators): a year's holiday arrangement from the State Council's notice, pasted or read
 * from a .json file in the browser, checked and previewed first (dryRun: the problems the server names, or the
 * open cases whose deadline would move), then loaded, which recomputes those deadlines.
 */
import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, InputNumber, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, api, errorMessage, unwrap } from '../api/client.ts';
import type { CalendarYearBody, CalendarYearLoad, ClockChange } from '../api/types.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { Link } from '../router/Link.tsx';
import { PATHS, pathTo } from '../router/routes.ts';
import { BUTTON_LOADING } from './button-loading.ts';

/** One problem the server found in the data: where (e.g. `restDays[3]`) and what. */
interface Problem {
  path: string;
  message: string;
}

type Outcome =
  | { kind: 'problems'; year: number; message: string; problems: Problem[] }
  | { kind: 'preview'; year: number; key: string; result: CalendarYearLoad }
  | { kind: 'done'; year: number; result: CalendarYearLoad };

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The request body from the pasted text, or the reason it is not one (a message to show). */
function parseNotice(
  text: string,
  t: ReturnType<typeof useI18n>['t'],
): { body: CalendarYearBody; year?: number } | { error: string } {
  if (!text.trim()) return { error: t('cal.importJsonEmpty') };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: t('cal.importJsonBad', { message: errorMessage(e) }) };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { error: t('cal.importJsonShape') };
  const o = data as Record<string, unknown>;
  if (
    !isStringArray(o.restDays) ||
    !isStringArray(o.makeupWorkdays) ||
    typeof o.source !== 'string' ||
    (o.statutoryHolidays !== undefined && !isStringArray(o.statutoryHolidays))
  )
    return { error: t('cal.importJsonShape') };
  return {
    body: {
      restDays: o.restDays,
      makeupWorkdays: o.makeupWorkdays,
      ...(o.statutoryHolidays ? { statutoryHolidays: o.statutoryHolidays as string[] } : {}),
      source: o.source,
    },
    ...(typeof o.year === 'number' ? { year: o.year } : {}),
  };
}

/** The problems of a CALENDAR_YEAR_INVALID answer, or null for any other error. */
function problemsOf(e: unknown): Problem[] | null {
  if (!(e instanceof ApiError) || e.code !== 'CALENDAR_YEAR_INVALID') return null;
  const list = e.details.problems;
  if (!Array.isArray(list)) return [];
  return list.map((p: { path?: unknown; message?: unknown }) => ({
    path: typeof p.path === 'string' ? p.path : '',
    message: typeof p.message === 'string' ? p.message : String(p.message),
  }));
}

/** The import section of the calendar page. `onLoaded` runs after a year was loaded. */
export function CalendarYearImport({
  suggestedYear,
  onLoaded,
}: {
  suggestedYear: number | undefined;
  onLoaded: () => void;
}) {
  const { t } = useI18n();
  const [year, setYear] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [inputError, setInputError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<'preview' | 'load' | null>(null);

  const shownYear = year ?? suggestedYear ?? null;
  const key = `${shownYear}\n${text}`;
  const stale = outcome?.kind === 'preview' && outcome.key !== key;

  const changeText = (value: string) => {
    setText(value);
    setInputError(null);
    // A notice file that names its year sets the year field.
    try {
      const y = (JSON.parse(value) as { year?: unknown }).year;
      if (typeof y === 'number' && Number.isInteger(y) && y >= 2004 && y <= 2099) setYear(y);
    } catch {
      // not (yet) JSON: checked on preview
    }
  };

  const send = async (dryRun: boolean) => {
    setError(null);
    if (!shownYear) {
      setInputError(t('cal.importYear'));
      return;
    }
    const parsed = parseNotice(text, t);
    if ('error' in parsed) {
      setInputError(parsed.error);
      setOutcome(null);
      return;
    }
    setBusy(dryRun ? 'preview' : 'load');
    try {
      const result = await unwrap(
        api.PUT('/api/v1/admin/calendar/years/{year}', {
          params: { path: { year: shownYear }, query: { dryRun: dryRun ? 'true' : 'false' } },
          body: parsed.body,
        }),
      );
      setOutcome(
        dryRun
          ? { kind: 'preview', year: shownYear, key, result }
          : { kind: 'done', year: shownYear, result },
      );
      if (!dryRun) onLoaded();
    } catch (e) {
      const problems = problemsOf(e);
      if (problems) setOutcome({ kind: 'problems', year: shownYear, message: errorMessage(e), problems });
      else {
        setOutcome(null);
        setError(errorMessage(e));
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={t('cal.import')} className="section" data-testid="calendar-import">
      <Typography.Paragraph type="secondary" className="cal-import-desc">
        {t('cal.importDesc')}
      </Typography.Paragraph>
      <Form layout="vertical" onFinish={() => void send(true)}>
        <Form.Item label={t('cal.importYear')} htmlFor="cal-import-year">
          <InputNumber
            id="cal-import-year"
            min={2004}
            max={2099}
            precision={0}
            size="large"
            style={{ width: 140 }}
            value={shownYear}
            onChange={(v) => setYear(typeof v === 'number' ? v : null)}
          />
        </Form.Item>
        <Form.Item
          label={t('cal.importJson')}
          htmlFor="cal-import-json"
          validateStatus={inputError ? 'error' : undefined}
          help={inputError ?? (fileName ? t('cal.importFileRead', { name: fileName }) : undefined)}
        >
          <Input.TextArea
            id="cal-import-json"
            className="cal-import-json"
            value={text}
            placeholder={t('cal.importJsonPlaceholder')}
            autoSize={{ minRows: 6, maxRows: 16 }}
            spellCheck={false}
            onChange={(e) => {
              setFileName(null);
              changeText(e.target.value);
            }}
          />
        </Form.Item>
        <div className="cal-import-buttons">
          <Upload
            accept=".json,application/json"
            showUploadList={false}
            maxCount={1}
            beforeUpload={(file) => {
              void file.text().then((content) => {
                changeText(content);
                setFileName(file.name);
              });
              return false; // read in the browser, never uploaded
            }}
          >
            <Button icon={<UploadOutlined />} size="large">
              {t('cal.importFile')}
            </Button>
          </Upload>
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={busy === 'preview' && BUTTON_LOADING}
          >
            {t('cal.importPreview')}
          </Button>
        </div>
      </Form>
      {error && <Alert type="error" showIcon title={error} role="alert" className="section" />}
      {outcome?.kind === 'problems' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="section"
          data-testid="import-problems"
          title={t('cal.importProblems', { year: outcome.year, n: outcome.problems.length })}
          description={
            <ul className="cal-problems">
              {outcome.problems.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the server's list, shown as is
                <li key={i}>
                  {p.path && <code className="cal-problem-path">{p.path}</code>} {p.message}
                </li>
              ))}
              {outcome.problems.length === 0 && <li>{outcome.message}</li>}
            </ul>
          }
        />
      )}
      {outcome?.kind === 'preview' && (
        <div className="section" data-testid="import-preview">
          <Alert
            type="info"
            showIcon
            title={t('cal.importPreviewTitle', { year: outcome.year })}
            description={t('cal.importPreviewDesc', {
              examined: outcome.result.recompute.examined,
              changed: outcome.result.recompute.changed.length,
              tasks: outcome.result.recompute.tasksRescheduled,
            })}
          />
          <ChangesTable changes={outcome.result.recompute.changed} />
          {stale && <Alert type="warning" showIcon title={t('cal.importStale')} className="section" />}
          <Button
            type="primary"
            size="large"
            block
            className="section"
            disabled={stale}
            loading={busy === 'load' && BUTTON_LOADING}
            onClick={() => void send(false)}
          >
            {t('cal.importConfirm')}
          </Button>
        </div>
      )}
      {outcome?.kind === 'done' && (
        <div className="section" data-testid="import-result">
          <Alert
            type="success"
            showIcon
            title={t('cal.importDone', { year: outcome.year })}
            description={t('cal.importDoneDesc', {
              examined: outcome.result.recompute.examined,
              changed: outcome.result.recompute.changed.length,
              tasks: outcome.result.recompute.tasksRescheduled,
            })}
          />
          <ChangesTable changes={outcome.result.recompute.changed} />
        </div>
      )}
    </Card>
  );
}

/** A deadline as the change shows it: the day (or 无) and 「（预计）」 when estimated. */
function Deadline({ d }: { d: { deadline: string | null; provisional: boolean } }) {
  const { t } = useI18n();
  return (
    <span className="cal-deadline">
      <span className="mono">{d.deadline ?? t('cal.noDeadline')}</span>
      {d.provisional && <span className="provisional-text">{t('case.provisionalParen')}</span>}
    </span>
  );
}

function CaseLink({ c }: { c: ClockChange }) {
  return (
    <Link href={pathTo(PATHS.case, { caseNumber: c.caseNumber })} className="mono">
      {c.caseNumber}
    </Link>
  );
}

/** Before → after (and the stage limit when it moved). */
function Change({ c }: { c: ClockChange }) {
  const { t } = useI18n();
  return (
    <div className="cal-change">
      <Deadline d={c.before} /> → <Deadline d={c.after} />
      {c.stage && (
        <div className="list-sub">
          {t('cal.importStage')}
          {t('app.colon')}
          {c.stage.before ?? t('cal.noDeadline')} → {c.stage.after ?? t('cal.noDeadline')}
        </div>
      )}
    </div>
  );
}

/** The open cases whose deadline changes: number (a link), matter, before → after. */
function ChangesTable({ changes }: { changes: readonly ClockChange[] }) {
  const { t } = useI18n();
  if (changes.length === 0)
    return (
      <Typography.Paragraph type="secondary" className="section">
        {t('cal.importNoChange')}
      </Typography.Paragraph>
    );
  return (
    <Table<ClockChange>
      className="section cal-changes"
      data-testid="import-changes"
      rowKey="caseNumber"
      size="small"
      pagination={changes.length > 10 ? { pageSize: 10, size: 'small' } : false}
      dataSource={[...changes]}
      columns={[
        // A phone gets one column (case above its change); wider screens get case, matter and change side by side.
        {
          key: 'all',
          title: t('cal.importChange'),
          responsive: ['xs'],
          render: (_, c) => (
            <div>
              <CaseLink c={c} />
              <div className="list-sub">{c.matter}</div>
              <Change c={c} />
            </div>
          ),
        },
        {
          key: 'case',
          title: t('case.number'),
          responsive: ['sm'],
          render: (_, c) => <CaseLink c={c} />,
        },
        { key: 'matter', title: t('case.matter'), responsive: ['sm'], dataIndex: 'matter' },
        {
          key: 'change',
          title: t('cal.importChange'),
          responsive: ['sm'],
          render: (_, c) => <Change c={c} />,
        },
      ]}
    />
  );
}
