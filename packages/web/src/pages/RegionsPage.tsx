/**
 * 行政区划: the division tree of 山西省 and 济宁市 (GET /regions, non-GB codes included and tagged) and
 * the details of the selected division with its parents and children (GET /regions/{code}).
 */
import { SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  List,
  Row,
  Spin,
  Tag,
  Tooltip,
  Tree,
  Typography,
} from 'antd';
import type { DataNode } from 'antd/es/tree';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { api, errorMessage, unwrap } from '../api/client.ts';
import type { RegionDetail, RegionItem } from '../api/types.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { useI18n } from '../i18n/useI18n.ts';
import { LEVEL_KEYS } from '../labels.ts';

const ROOT = '000000';

function NonGbTag() {
  const { t } = useI18n();
  return (
    <Tooltip title={t('reg.nonGbHint')}>
      <Tag color="orange" style={{ marginInlineStart: 6 }}>
        {t('reg.nonGb')}
      </Tag>
    </Tooltip>
  );
}

function regionTitle(r: RegionItem, nonGb: ReactNode): ReactNode {
  return (
    <span data-code={r.code}>
      {r.name} <span className="code">{r.code}</span>
      {!r.gb && nonGb}
    </span>
  );
}

/** The region browser. */
export function RegionsPage() {
  const { t } = useI18n();
  const [regions, setRegions] = useState<RegionItem[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[]>(['140000', '370000']);
  const [query, setQuery] = useState('');
  const detailRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    unwrap(api.GET('/api/v1/regions', { params: { query: { includeNonGb: 'true' } } }))
      .then(setRegions)
      .catch((e: unknown) => setLoadError(errorMessage(e)));
  }, []);

  const tree = useMemo(() => {
    if (!regions) return [];
    const byParent = new Map<string, RegionItem[]>();
    for (const r of regions) {
      const key = r.parent ?? ROOT;
      byParent.set(key, [...(byParent.get(key) ?? []), r]);
    }
    const build = (parent: string): DataNode[] =>
      (byParent.get(parent) ?? []).map((r) => {
        const children = build(r.code);
        return {
          key: r.code,
          title: regionTitle(r, <NonGbTag />),
          ...(children.length ? { children } : { isLeaf: true }),
        };
      });
    return build(ROOT);
  }, [regions]);

  const matches = useMemo(() => {
    const q = query.trim();
    if (!q || !regions) return [];
    return regions.filter((r) => r.name.includes(q) || r.code.startsWith(q));
  }, [query, regions]);

  const select = (code: string) => {
    setSelected(code);
    const chain: string[] = [code];
    let parent = regions?.find((r) => r.code === code)?.parent;
    while (parent && parent !== ROOT) {
      chain.push(parent);
      parent = regions?.find((r) => r.code === parent)?.parent;
    }
    setExpanded((prev) => [...new Set([...prev, ...chain])]);
    // On a phone the details sit below the tree: bring them into view.
    if (window.matchMedia('(max-width: 767px)').matches) {
      setTimeout(() => detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
    }
  };

  return (
    <>
      <PageTitle>{t('tool.regions')}</PageTitle>
      {loadError && (
        <Alert type="error" showIcon title={loadError} role="alert" style={{ marginBottom: 16 }} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={11}>
          <Card title={t('reg.tree')} size="small">
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('reg.search')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              style={{ marginBottom: 12 }}
            />
            {!regions && !loadError && <Spin />}
            {query.trim() ? (
              <List
                size="small"
                dataSource={matches}
                locale={{ emptyText: t('reg.noMatch') }}
                renderItem={(r) => (
                  <List.Item
                    style={{ cursor: 'pointer' }}
                    onClick={() => {
                      setQuery('');
                      select(r.code);
                    }}
                  >
                    {regionTitle(r, <NonGbTag />)}
                  </List.Item>
                )}
              />
            ) : (
              regions && (
                <Tree
                  treeData={tree}
                  showLine
                  blockNode
                  expandedKeys={expanded}
                  onExpand={(keys) => setExpanded(keys.map(String))}
                  selectedKeys={selected ? [selected] : []}
                  onSelect={(keys) => keys[0] !== undefined && select(String(keys[0]))}
                />
              )
            )}
          </Card>
        </Col>
        <Col xs={24} md={13}>
          <div ref={detailRef} className="scroll-target">
            <RegionCard code={selected} onSelect={select} />
          </div>
        </Col>
      </Row>
    </>
  );
}

function RegionCard({ code, onSelect }: { code: string | null; onSelect: (code: string) => void }) {
  const { t } = useI18n();
  const [detail, setDetail] = useState<RegionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!code) return;
    let live = true;
    setError(null);
    unwrap(api.GET('/api/v1/regions/{code}', { params: { path: { code } } }))
      .then((d) => live && setDetail(d))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [code]);

  if (!code) {
    return (
      <Card title={t('reg.detail')} size="small">
        <Empty description={t('reg.selectHint')} />
      </Card>
    );
  }
  return (
    <Card title={t('reg.detail')} size="small" data-testid="region-detail">
      {error && <Alert type="error" showIcon title={error} />}
      {detail && detail.code === code && (
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            { key: 'name', label: t('reg.name'), children: <strong>{detail.name}</strong> },
            { key: 'code', label: t('reg.code'), children: <span className="mono">{detail.code}</span> },
            { key: 'level', label: t('reg.level'), children: t(LEVEL_KEYS[detail.level] ?? 'level.county') },
            {
              key: 'path',
              label: t('reg.path'),
              children:
                detail.ancestors
                  .filter((a) => a.code !== ROOT)
                  .map((a) => a.name)
                  .join(' / ') || '—',
            },
            {
              key: 'standard',
              label: t('reg.standard'),
              children: detail.gb ? (
                'GB/T 2260'
              ) : (
                <>
                  <Tag color="orange">{t('reg.nonGb')}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {t('reg.nonGbHint')}
                  </Typography.Text>
                </>
              ),
            },
            {
              key: 'children',
              label: t('reg.children'),
              children: detail.children.length
                ? detail.children.map((c) => (
                    <Tag
                      key={c.code}
                      color={c.gb ? undefined : 'orange'}
                      style={{ cursor: 'pointer', marginBottom: 4, whiteSpace: 'normal' }}
                      onClick={() => onSelect(c.code)}
                    >
                      {c.name}
                      {!c.gb && ` · ${t('reg.nonGb')}`}
                    </Tag>
                  ))
                : '—',
            },
          ]}
        />
      )}
      {!detail && !error && <Spin />}
    </Card>
  );
}
