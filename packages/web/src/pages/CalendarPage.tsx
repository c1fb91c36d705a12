/**
 * 工作日历: what kind of day a date is (工作日, 周末, 法定节假日, 休息日, 调休上班) and the date N working
 * days after a start date, the way legal time limits are counted. Lists every year with its source: the
 * State Council notice, or 「预计」 (statutory holidays and weekends, no 调休) for a year whose notice is not
 * loaded; beyond those the server refuses to guess, and its message is shown. Administrators load a year's
 * notice here (导入年度放假安排).
 */
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  InputNumber,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, unwrap } from '../api/client.ts';
import type { ApiOk, CalendarYears, DayInfo } from '../api/types.ts';
import { BUTTON_LOADING } from '../components/button-loading.ts';
import { CalendarYearImport } from '../components/CalendarYearImport.tsx';
import { ProvisionalTag } from '../components/CaseParts.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { DAY_KIND_KEYS } from '../i18n/messages.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { useSession } from '../session/useSession.ts';

const FORMAT = 'YYYY-MM-DD';

const KIND_COLORS: Record<DayInfo['kind'], string> = {
  workday: 'blue',
  weekend: 'default',
  statutory_holiday: 'red',
  rest_day: 'orange',
  makeup_workday: 'purple',
};

/** "2004–2026" style ranges of consecutive years. */
function yearRanges(years: readonly number[], separator: string): string {
  const sorted = [...years].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return out.join(separator);
}

const initialDate = (): Dayjs => {
  const q = new URLSearchParams(window.location.search).get('date');
  const d = q && /^\d{4}-\d{2}-\d{2}$/.test(q) ? dayjs(q) : dayjs();
  return d.isValid() ? d : dayjs();
};

/** The working-calendar tool. */
export function CalendarPage() {
  const { t } = useI18n();
  const { account } = useSession();
  const [date, setDate] = useState<Dayjs>(initialDate);
  const [day, setDay] = useState<DayInfo | null>(null);
  const [dayError, setDayError] = useState<string | null>(null);
  const [years, setYears] = useState<CalendarYears | null>(null);

  const loadYears = useCallback(() => {
    unwrap(api.GET('/api/v1/calendar/years'))
      .then(setYears)
      .catch(() => {});
  }, []);
  useEffect(() => loadYears(), [loadYears]);

  const lookUp = useCallback(async (d: Dayjs) => {
    setDayError(null);
    try {
      setDay(
        await unwrap(
          api.GET('/api/v1/calendar/days/{date}', { params: { path: { date: d.format(FORMAT) } } }),
        ),
      );
    } catch (e) {
      setDay(null);
      setDayError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    void lookUp(date);
  }, [date, lookUp]);

  return (
    <>
      <PageTitle>{t('tool.calendar')}</PageTitle>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Card title={t('cal.query')} style={{ height: '100%' }}>
            <Form layout="vertical">
              <Form.Item label={t('cal.date')} htmlFor="cal-date">
                <DatePicker
                  id="cal-date"
                  value={date}
                  format={FORMAT}
                  allowClear={false}
                  size="large"
                  style={{ width: '100%' }}
                  onChange={(d) => d && setDate(d)}
                />
              </Form.Item>
            </Form>
            {dayError && <Alert type="error" showIcon title={dayError} role="alert" />}
            {day && (
              <div data-testid="day-result">
                <Space align="center" wrap style={{ marginBottom: 12 }}>
                  <Typography.Text className="result-big">
                    {day.date} {dayjs(day.date).format('dddd')}
                  </Typography.Text>
                  <Tag color={KIND_COLORS[day.kind]} style={{ fontSize: 15, padding: '3px 10px' }}>
                    {t(DAY_KIND_KEYS[day.kind])}
                  </Tag>
                  {day.provisional && <ProvisionalTag testId="day-provisional" />}
                </Space>
                {day.provisional && (
                  <Alert
                    type="warning"
                    showIcon
                    title={t('cal.dayProvisional')}
                    style={{ marginBottom: 12 }}
                  />
                )}
                <Descriptions
                  size="small"
                  column={1}
                  bordered
                  items={[
                    { key: 'kind', label: t('cal.dayKind'), children: t(DAY_KIND_KEYS[day.kind]) },
                    {
                      key: 'work',
                      label: t('cal.isWorkday'),
                      children: day.isWorkday ? t('app.yes') : t('app.no'),
                    },
                    {
                      key: 'statutory',
                      label: t('cal.isStatutory'),
                      children: day.isStatutoryHoliday ? t('app.yes') : t('app.no'),
                    },
                    {
                      key: 'source',
                      label: t('cal.source'),
                      children: <SourceText source={day.source} />,
                    },
                  ]}
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <WorkingDaysCard from={date} />
        </Col>
      </Row>
      {years && <YearsCard years={years} />}
      {account?.kind === 'admin' && (
        <CalendarYearImport
          suggestedYear={years?.provisionalYears[0]}
          onLoaded={() => {
            loadYears();
            void lookUp(date);
          }}
        />
      )}
    </>
  );
}

/** The years shown before 「显示全部」: this year on (the ones deadlines of open cases reach). */
const RECENT_FROM = (today: string) => Number(today.slice(0, 4));

/** A year's source (long: the notice, its number and URL), two lines until expanded. */
function SourceText({ source }: { source: string }) {
  return (
    <Typography.Paragraph className="cal-source" ellipsis={{ rows: 2, expandable: true }}>
      {source}
    </Typography.Paragraph>
  );
}

/** Every year the calendar answers, with its source: an official notice, or 「预计」. */
function YearsCard({ years }: { years: CalendarYears }) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  const from = RECENT_FROM(years.today);
  const shown = all ? years.years : years.years.filter((y) => y.year >= from);
  return (
    <Card
      className="section"
      title={t('cal.yearsTitle')}
      data-testid="calendar-years"
      style={{ marginTop: 16 }}
    >
      <div>
        <Typography.Text strong>
          {t('cal.covered')}
          {t('app.colon')}
        </Typography.Text>
        <span data-testid="covered-years">{yearRanges(years.coveredYears, t('app.listSeparator'))}</span>
      </div>
      {years.provisionalYears.length > 0 && (
        <div>
          <Typography.Text strong>
            {t('cal.provisionalYears')}
            {t('app.colon')}
          </Typography.Text>
          <span data-testid="provisional-years">
            {yearRanges(years.provisionalYears, t('app.listSeparator'))}
          </span>
        </div>
      )}
      <Typography.Text type="secondary">{t('cal.today', { date: years.today })}</Typography.Text>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('cal.coveredHint')}
        </Typography.Text>
      </div>
      <Table<CalendarYears['years'][number]>
        className="section cal-years"
        rowKey="year"
        size="small"
        pagination={false}
        dataSource={[...shown].reverse()}
        columns={[
          {
            key: 'year',
            title: t('cal.year'),
            width: 92,
            render: (_, y) => (
              <div className="cal-year" data-year={y.year}>
                <strong>{y.year}</strong>
                {y.provisional ? (
                  <ProvisionalTag testId="year-provisional" />
                ) : (
                  <Tag color="green" className="provisional-tag">
                    {t('cal.official')}
                  </Tag>
                )}
              </div>
            ),
          },
          {
            key: 'source',
            title: t('cal.source'),
            render: (_, y) => <SourceText source={y.source} />,
          },
        ]}
      />
      {years.years.some((y) => y.year < from) && (
        <Button type="link" size="small" onClick={() => setAll(!all)} style={{ paddingInline: 0 }}>
          {all ? t('cal.showRecentYears') : t('cal.showAllYears', { n: years.years.length })}
        </Button>
      )}
    </Card>
  );
}

function WorkingDaysCard({ from }: { from: Dayjs }) {
  const { t } = useI18n();
  const [start, setStart] = useState<Dayjs>(from);
  const [days, setDays] = useState<number>(5);
  const [result, setResult] = useState<ApiOk<'/api/v1/calendar/working-days', 'get'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setStart(from), [from]);

  const compute = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(
        await unwrap(
          api.GET('/api/v1/calendar/working-days', {
            params: { query: { from: start.format(FORMAT), days } },
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
    <Card title={t('cal.addTitle')} style={{ height: '100%' }}>
      <Form layout="vertical" onFinish={compute}>
        <Row gutter={12}>
          <Col xs={14}>
            <Form.Item label={t('cal.from')} htmlFor="cal-from">
              <DatePicker
                id="cal-from"
                value={start}
                format={FORMAT}
                allowClear={false}
                size="large"
                style={{ width: '100%' }}
                onChange={(d) => d && setStart(d)}
              />
            </Form.Item>
          </Col>
          <Col xs={10}>
            <Form.Item label={t('cal.days')} htmlFor="cal-days">
              <InputNumber
                id="cal-days"
                min={0}
                max={3650}
                precision={0}
                size="large"
                style={{ width: '100%' }}
                value={days}
                onChange={(v) => setDays(typeof v === 'number' ? v : 0)}
              />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" size="large" block loading={busy && BUTTON_LOADING}>
          {t('cal.compute')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginTop: 16 }} />}
      {result && (
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          data-testid="working-days-result"
          title={t('cal.result', { from: result.from, days: result.days })}
          description={
            <>
              <span className="result-big">
                {result.date} {dayjs(result.date).format('dddd')}
              </span>
              {result.provisional && <ProvisionalTag testId="working-days-provisional" />}
              {result.provisional && (
                <div className="clock-note">
                  {t('cal.resultProvisional', {
                    years: result.provisionalYears.join(t('app.listSeparator')),
                  })}
                </div>
              )}
            </>
          }
        />
      )}
    </Card>
  );
}
