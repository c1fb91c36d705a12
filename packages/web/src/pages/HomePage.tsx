/**
 * 首页: who I am (name, kind, department, region, roles) and the tools. Department and region names
 * are looked up from the public reference endpoints, since the account carries codes only.
 */
import { Card, Descriptions, type DescriptionsProps, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client.ts';
import type { Account, Department, RegionDetail } from '../api/types.ts';
import { ToolGrid } from '../components/ToolGrid.tsx';
import { offered, SERVICES, TOOLS } from '../components/tools.tsx';
import { useI18n } from '../i18n/useI18n.ts';
import { KIND_COLORS, KIND_KEYS, regionPath, roleKey } from '../labels.ts';
import { useSession } from '../session/useSession.ts';

/** Department and region of an account, as names (undefined while loading or when unknown). */
function useAccountPlaces(account: Account) {
  const [department, setDepartment] = useState<Department | undefined>();
  const [region, setRegion] = useState<RegionDetail | undefined>();
  useEffect(() => {
    let live = true;
    if (account.departmentCode) {
      unwrap(api.GET('/api/v1/departments'))
        .then((all) => live && setDepartment(all.find((d) => d.code === account.departmentCode)))
        .catch(() => {});
    }
    if (account.regionCode) {
      unwrap(api.GET('/api/v1/regions/{code}', { params: { path: { code: account.regionCode } } }))
        .then((r) => live && setRegion(r))
        .catch(() => {});
    }
    return () => {
      live = false;
    };
  }, [account.departmentCode, account.regionCode]);
  return { department, region };
}

/** The home page after login. */
export function HomePage() {
  const { account } = useSession();
  if (!account) return null;
  return <Home account={account} />;
}

function Home({ account }: { account: Account }) {
  const { t } = useI18n();
  const { department, region } = useAccountPlaces(account);
  const code = (c: string) => <span className="code">{c}</span>;

  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('field.displayName'), children: account.displayName },
    {
      key: 'kind',
      label: t('field.kind'),
      children: <Tag color={KIND_COLORS[account.kind]}>{t(KIND_KEYS[account.kind])}</Tag>,
    },
    {
      key: 'login',
      label: t('field.loginName'),
      children: <span className="mono">{account.loginName}</span>,
    },
  ];
  if (account.departmentCode) {
    items.push({
      key: 'department',
      label: t('field.department'),
      children: (
        <span data-testid="department">
          {department ? `${department.name} ` : ''}
          {code(account.departmentCode)}
        </span>
      ),
    });
  }
  if (account.regionCode) {
    items.push({
      key: 'region',
      label: t('field.region'),
      children: (
        <span data-testid="region">
          {region ? `${regionPath(region)} ` : ''}
          {code(account.regionCode)}
        </span>
      ),
    });
  }
  if (account.roles.length > 0) {
    items.push({
      key: 'roles',
      label: t('field.roles'),
      children: account.roles.map((r) => {
        const key = roleKey(r);
        return <Tag key={r}>{key ? t(key) : r}</Tag>;
      }),
    });
  }

  return (
    <>
      <section className="welcome">
        <h1>{t('home.welcome', { name: account.displayName })}</h1>
        <p>
          {t(KIND_KEYS[account.kind])}
          {department ? ` · ${department.name}` : ''}
        </p>
      </section>
      <Card title={t('home.profile')} style={{ marginBottom: 16 }}>
        <Descriptions items={items} column={{ xs: 1, sm: 1, md: 2 }} size="small" />
      </Card>
      <Typography.Title level={2} style={{ fontSize: 18, margin: '8px 0 12px' }}>
        {t('home.services')}
      </Typography.Title>
      <ToolGrid tools={SERVICES.filter((tool) => offered(tool, account))} />
      <Typography.Title level={2} style={{ fontSize: 18, margin: '20px 0 12px' }}>
        {t('home.tools')}
      </Typography.Title>
      <ToolGrid tools={TOOLS.filter((tool) => offered(tool, account))} />
    </>
  );
}
