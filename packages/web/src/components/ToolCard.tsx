/** A card linking to one tool. */
import { Card } from 'antd';
import { useI18n } from '../i18n/useI18n.ts';
import { Link } from '../router/Link.tsx';
import type { Tool } from './tools.tsx';

/** Shows a tool's icon, name and one line of what it does. */
export function ToolCard({ tool }: { tool: Tool }) {
  const { t } = useI18n();
  const body = (
    <Card hoverable className="tool-card" size="small">
      <span className="tool-icon" aria-hidden>
        {tool.icon}
      </span>
      <div>
        <h3>{t(tool.title)}</h3>
        <p>{t(tool.description)}</p>
      </div>
    </Card>
  );
  return tool.external ? (
    <a href={tool.href} target="_blank" rel="noopener" aria-label={t(tool.title)}>
      {body}
    </a>
  ) : (
    <Link href={tool.href} aria-label={t(tool.title)}>
      {body}
    </Link>
  );
}
