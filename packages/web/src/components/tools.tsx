/** The tools offered on the home page (and, the public ones, on the login page). */
import {
  ApartmentOutlined,
  ApiOutlined,
  CalendarOutlined,
  IdcardOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
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
