/**
 * SMS gateway (短信网关). The interface is what a carrier integration implements; `LocalSms` is the local
 * implementation: it keeps the messages (for the demo and tests) and can be told to fail.
 */
import type { Clock } from '@renshe/domain/dates.ts';

/** Sends one text message. Throws on failure (the outbox retries). */
export interface SmsGateway {
  send(phone: string, text: string): Promise<{ messageId: string }>;
}

/** Local gateway: records messages in memory (stamped by `clock`); `failNext(n)` makes the next n sends fail. */
export class LocalSms implements SmsGateway {
  readonly sent: { phone: string; text: string; at: Date }[] = [];
  #failures = 0;

  /**
   * @param log where a development server shows each message (e.g. a registration code) so a developer can
   *   use it without a phone; never given in production.
   */
  constructor(
    private readonly clock: Clock,
    private readonly log?: (phone: string, text: string) => void,
  ) {}

  failNext(n: number): void {
    this.#failures = n;
  }

  async send(phone: string, text: string): Promise<{ messageId: string }> {
    if (this.#failures > 0) {
      this.#failures--;
      throw new Error('SMS gateway unavailable (local test failure)');
    }
    this.sent.push({ phone, text, at: this.clock.now() });
    this.log?.(phone, text);
    return { messageId: `local-${this.sent.length}` };
  }
}
