/** A responsive grid of tool cards: one column on a phone, two on a tablet, three on a desktop. */
import { Col, Row } from 'antd';
import { ToolCard } from './ToolCard.tsx';
import type { Tool } from './tools.tsx';

/** Lays out tool cards. */
export function ToolGrid({ tools }: { tools: readonly Tool[] }) {
  return (
    <Row gutter={[16, 16]}>
      {tools.map((tool) => (
        <Col key={tool.key} xs={24} sm={12} lg={8}>
          <ToolCard tool={tool} />
        </Col>
      ))}
    </Row>
  );
}
