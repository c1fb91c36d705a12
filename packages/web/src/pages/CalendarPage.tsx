/**
 * 工作日历: what kind of day a date is (工作日, 周末, 法定节假日, 休息日, 调休上班) and the date N working
 * days after a start date, the way legal time limits are counted. Shows the years the calendar covers;
 * outside them the server refuses to guess, and its message is shown.
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
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, unwrap } from '../api/client.ts';
import type { DayInfo } from '../api/types.ts';
import { BUTTON_LOADING } from '../components/button-loading.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { DAY_KIND_KEYS } from '../i18n/messages.ts';
import { useI18n } from '../i18n/useI18n.ts';

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
  const [date, setDate] = useState<Dayjs>(initialDate);
  const [day, setDay] = useState<DayInfo | null>(null);
  const [dayError, setDayError] = useState<string | null>(null);
  const [years, setYears] = useState<{ coveredYears: number[]; today: string } | null>(null);

  useEffect(() => {
    unwrap(api.GET('/api/v1/calendar/years'))
      .then(setYears)
      .catch(() => {});
  }, []);

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
                </Space>
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
      {years && (
        <Card size="small" style={{ marginTop: 16 }}>
          <Typography.Text strong>
            {t('cal.covered')}
            {t('app.colon')}
          </Typography.Text>
          <span data-testid="covered-years">{yearRanges(years.coveredYears, t('app.listSeparator'))}</span>
          <Typography.Text type="secondary"> {t('cal.today', { date: years.today })}</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('cal.coveredHint')}
            </Typography.Text>
          </div>
        </Card>
      )}
    </>
  );
}

function WorkingDaysCard({ from }: { from: Dayjs }) {
  const { t } = useI18n();
  const [start, setStart] = useState<Dayjs>(from);
  const [days, setDays] = useState<number>(5);
  const [result, setResult] = useState<{ from: string; days: number; date: string } | null>(null);
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
            <span className="result-big">
              {result.date} {dayjs(result.date).format('dddd')}
            </span>
          }
        />
      )}
    </Card>
  );
}
