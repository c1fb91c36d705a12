import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhone, maskSensitive, maskText } from './mask.ts';

describe('maskText', () => {
  it.each([
    ['身份证 11010519491231002X 已核验', '身份证 110***********002X 已核验'],
    ['手机 13812345678', '手机 138****5678'],
    ['/api/v1/persons/140105199003071234', '/api/v1/persons/140***********1234'],
    ['订单号 123456789012345678901', '订单号 123456789012345678901'],
  ])('masks %s', (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });

  it('never leaves an 18-character ID number or 11-digit mobile in any nested value', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{17}[\dX]$/),
        fc.stringMatching(/^1[3-9]\d{9}$/),
        fc.string(),
        (id, phone, noise) => {
          const masked = JSON.stringify(maskSensitive({ a: [`${noise} ${id} `, { phone }], n: 1 }));
          expect(masked).not.toContain(id);
          expect(masked).not.toContain(phone);
        },
      ),
    );
  });

  it('masks a phone on its own', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('survives cycles and leaves class instances to the serializers', () => {
    const a: Record<string, unknown> = { id: '11010519491231002X' };
    a.self = a;
    class Socket {
      secret = '11010519491231002X';
    }
    const sock = new Socket();
    const out = maskSensitive({ a, sock, list: [a, a] }) as {
      a: { id: string; self: unknown };
      sock: Socket;
      list: unknown[];
    };
    expect(out.a.id).toBe('110***********002X');
    expect(out.a.self).toBe('[Circular]');
    expect(out.sock).toBe(sock);
    expect(out.list).toHaveLength(2);
  });
});
