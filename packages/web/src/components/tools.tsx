/** The tools offered on the home page (and, the public ones, on the login page). */
import {
  ApartmentOutlined,
  ApiOutlined,
  CalendarOutlined,
  FileSearchOutlined,
  FolderOpenOutlined,
  IdcardOutlined,
  InboxOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  SmileOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Account } from '../api/types.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { PATHS } from '../router/routes.ts';

/** One tool card. */
export interface Tool {
  key: string;
  href: string;
  /** Opens outside the shell (the server's /docs). */
  external?: boolean;
  title: MessageKey;
  description: MessageKey;
  icon: ReactNode;
  adminOnly?: boolean;
  /** Offered only to these kinds of account (so never before login). */
  kinds?: readonly Account['kind'][];
}

/** The case services, shown above the tools. */
export const SERVICES: readonly Tool[] = [
  {
    key: 'newborn',
    href: PATHS.newborn,
    title: 'tool.newborn',
    description: 'tool.newbornDesc',
    icon: <SmileOutlined />,
    kinds: ['citizen'],
  },
  {
    key: 'matters',
    href: PATHS.matters,
    title: 'tool.matters',
    description: 'tool.mattersDesc',
    icon: <ReadOutlined />,
  },
  {
    key: 'cases',
    href: PATHS.cases,
    title: 'tool.cases',
    description: 'tool.casesDesc',
    icon: <FolderOpenOutlined />,
    kinds: ['citizen', 'employer'],
  },
  {
    key: 'inbox',
    href: PATHS.inbox,
    title: 'tool.inbox',
    description: 'tool.inboxDesc',
    icon: <InboxOutlined />,
    kinds: ['staff'],
  },
  {
    key: 'progress',
    href: PATHS.progress,
    title: 'tool.progress',
    description: 'tool.progressDesc',
    icon: <FileSearchOutlined />,
  },
];

/** Whether `tool` is offered to `account` (null: not logged in). */
export function offered(tool: Tool, account: Account | null): boolean {
  if (tool.adminOnly && account?.kind !== 'admin') return false;
  if (tool.kinds && (!account || !tool.kinds.includes(account.kind))) return false;
  return true;
}

/** Every tool, in display order. */
export const TOOLS: readonly Tool[] = [
  {
    key: 'id',
    href: PATHS.idCheck,
    title: 'tool.idCheck',
    description: 'tool.idCheckDesc',
    icon: <IdcardOutlined />,
  },
  {
    key: 'calendar',
    href: PATHS.calendar,
    title: 'tool.calendar',
    description: 'tool.calendarDesc',
    icon: <CalendarOutlined />,
  },
  {
    key: 'regions',
    href: PATHS.regions,
    title: 'tool.regions',
    description: 'tool.regionsDesc',
    icon: <ApartmentOutlined />,
  },
  {
    key: 'audit',
    href: PATHS.audit,
    title: 'tool.audit',
    description: 'tool.auditDesc',
    icon: <SafetyCertificateOutlined />,
    adminOnly: true,
  },
  {
    key: 'docs',
    href: '/docs',
    external: true,
    title: 'tool.docs',
    description: 'tool.docsDesc',
    icon: <ApiOutlined />,
  },
];
