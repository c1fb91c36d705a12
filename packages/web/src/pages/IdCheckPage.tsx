/**
 * 证件校验: checks a 身份证号 or 统一社会信用代码 on the server and shows either the parsed fields or the
 * first check that failed (the checks run in a fixed order, so the ones before it passed).
 */
import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import type { CreditCodeFailureCode } from '@renshe/domain/ids/credit-code.ts';
import type { IdNumberFailureCode } from '@renshe/domain/ids/id-number.ts';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Form,
  Input,
  Segmented,
  Space,
  Tag,
} from 'antd';
import { useState } from 'react';
import { ApiError, api, errorMessage, unwrap } from '../api/client.ts';
import type { IdCheckResult } from '../api/types.ts';
import { BUTTON_LOADING } from '../components/button-loading.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { useI18n } from '../i18n/useI18n.ts';
import { regionPath } from '../labels.ts';

type IdType = 'id_number' | 'credit_code';

/** The checks of each type, in the order the server runs them, with the failure code of each. */
const CHECKS = {
  id_number: [
    ['check.length', 'ID_NUMBER_LENGTH'],
    ['check.charset', 'ID_NUMBER_CHARSET'],
    ['check.region', 'ID_NUMBER_REGION'],
    ['check.birthDate', 'ID_NUMBER_BIRTH_DATE'],
    ['check.checksum', 'ID_NUMBER_CHECKSUM'],
  ] satisfies [MessageKey, IdNumberFailureCode][],
  credit_code: [
    ['check.length', 'CREDIT_CODE_LENGTH'],
    ['check.charset', 'CREDIT_CODE_CHARSET'],
    ['check.region', 'CREDIT_CODE_REGION'],
    ['check.checksum', 'CREDIT_CODE_CHECKSUM'],
  ] satisfies [MessageKey, CreditCodeFailureCode][],
} as const;

/** 登记管理部门码 (GB 32100 position 1). */
const REGISTRATION_AUTHORITIES: Record<string, string> = {
  '1': '机构编制',
  '5': '民政',
  '9': '市场监管（工商）',
  Y: '其他',
};

interface Checked {
  type: IdType;
  result: IdCheckResult;
  /** "山西省 / 太原市 / 小店区" for the parsed region code, null when outside the data. */
  regionName?: string | null;
}

/** The ID check tool. */
export function IdCheckPage() {
  const { t } = useI18n();
  const [type, setType] = useState<IdType>('id_number');
  const [checked, setChecked] = useState<Checked | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async ({ value }: { value: string }) => {
    setBusy(true);
    setError(null);
    try {
      const result = await unwrap(
        api.POST('/api/v1/tools/validate-id', { body: { type, value: value.trim() } }),
      );
      const code = typeof result.parsed?.regionCode === 'string' ? result.parsed.regionCode : undefined;
      let regionName: string | null | undefined;
      if (code) {
        regionName = await unwrap(api.GET('/api/v1/regions/{code}', { params: { path: { code } } })).then(
          regionPath,
          (e: unknown) => (e instanceof ApiError && e.status === 404 ? null : undefined),
        );
      }
      setChecked({ type, result, regionName });
    } catch (e) {
      setChecked(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('tool.idCheck')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label={t('id.type')}>
            <Segmented<IdType>
              block
              value={type}
              onChange={(v) => {
                setType(v);
                setChecked(null);
              }}
              options={[
                { value: 'id_number', label: t('id.type.id_number') },
                { value: 'credit_code', label: t('id.type.credit_code') },
              ]}
            />
          </Form.Item>
          <Form.Item
            label={t('id.value')}
            name="value"
            rules={[{ required: true, whitespace: true, message: t('id.required') }]}
          >
            <Input
              size="large"
              className="mono"
              placeholder={t(`id.placeholder.${type}`)}
              maxLength={32}
              allowClear
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
            />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" size="large" loading={busy && BUTTON_LOADING} block>
              {t('id.submit')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {checked && <CheckResult checked={checked} />}
    </>
  );
}

function CheckResult({ checked }: { checked: Checked }) {
  const { t } = useI18n();
  const { result, type } = checked;
  const checks = CHECKS[type];
  const failedAt = result.failure ? checks.findIndex(([, code]) => code === result.failure?.code) : -1;

  return (
    <Card data-testid="id-result">
      {result.valid ? (
        <Alert type="success" showIcon title={<span className="result-big">{t('id.valid')}</span>} />
      ) : (
        <Alert
          type="error"
          showIcon
          title={<span className="result-big">{t('id.invalid')}</span>}
          description={
            <>
              <div data-testid="id-failure">{result.failure?.message}</div>
              <div style={{ marginTop: 4, opacity: 0.75 }}>
                {t('id.failureCode')}
                {t('app.colon')}
                <span className="mono">{result.failure?.code}</span>
              </div>
            </>
          }
        />
      )}
      <div style={{ margin: '16px 0 8px', fontWeight: 600 }}>{t('id.checks')}</div>
      <Space wrap size={[8, 8]}>
        {checks.map(([label], i) => {
          const state = result.valid || i < failedAt ? 'pass' : i === failedAt ? 'fail' : 'skip';
          return (
            <Tag
              key={label}
              color={state === 'pass' ? 'success' : state === 'fail' ? 'error' : 'default'}
              icon={
                state === 'pass' ? (
                  <CheckCircleFilled />
                ) : state === 'fail' ? (
                  <CloseCircleFilled />
                ) : (
                  <MinusCircleOutlined />
                )
              }
              style={{ fontSize: 14, padding: '2px 8px' }}
            >
              {t(label)}
            </Tag>
          );
        })}
      </Space>
      {result.valid && result.parsed && (
        <>
          <div style={{ margin: '16px 0 8px', fontWeight: 600 }}>{t('id.parsed')}</div>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={parsedItems(type, result.parsed, checked.regionName, t)}
          />
        </>
      )}
    </Card>
  );
}

function parsedItems(
  type: IdType,
  parsed: Record<string, unknown>,
  regionName: string | null | undefined,
  t: (key: MessageKey) => string,
): DescriptionsProps['items'] {
  const s = (k: string) => (typeof parsed[k] === 'string' ? (parsed[k] as string) : '');
  const region = (
    <>
      <span className="mono">{s('regionCode')}</span>{' '}
      {regionName === null ? t('id.regionOutside') : regionName ? regionName : ''}
    </>
  );
  if (type === 'id_number') {
    return [
      { key: 'number', label: t('field.number'), children: <span className="mono">{s('number')}</span> },
      { key: 'birth', label: t('field.birthDate'), children: s('birthDate') },
      {
        key: 'gender',
        label: t('field.gender'),
        children:
          s('gender') === 'female'
            ? t('gender.female')
            : s('gender') === 'male'
              ? t('gender.male')
              : s('gender'),
      },
      { key: 'region', label: t('field.regionCode'), children: region },
      { key: 'seq', label: t('field.sequence'), children: <span className="mono">{s('sequence')}</span> },
      { key: 'check', label: t('field.checkChar'), children: <span className="mono">{s('checkChar')}</span> },
    ];
  }
  const authority = s('registrationAuthority');
  return [
    { key: 'code', label: t('field.number'), children: <span className="mono">{s('code')}</span> },
    {
      key: 'authority',
      label: t('field.registrationAuthority'),
      children: `${authority}${REGISTRATION_AUTHORITIES[authority] ? ` ${REGISTRATION_AUTHORITIES[authority]}` : ''}`,
    },
    { key: 'category', label: t('field.entityCategory'), children: s('entityCategory') },
    { key: 'region', label: t('field.regionCode'), children: region },
    {
      key: 'org',
      label: t('field.organizationCode'),
      children: <span className="mono">{s('organizationCode')}</span>,
    },
    { key: 'check', label: t('field.checkChar'), children: <span className="mono">{s('checkChar')}</span> },
  ];
}
