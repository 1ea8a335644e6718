// E-mail over SMTP (TELLUS_SMTP_URL) through nodemailer: one pooled transport per process.
import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { EVENT_ID_HEADER } from './sign.js';
import type { MailMessage } from './types.js';
import { describeError, type Outcome } from './outcome.js';

export interface Mailer {
  /** `eventId` goes out as X-Tellus-Event-Id and makes the Message-ID. */
  send(to: string[], message: MailMessage, eventId: string): Promise<Outcome>;
  close(): void;
}

export interface MailerOptions {
  /** smtp://user:pass@host:587 or smtps://…:465 */
  url: string;
  /** The From address (TELLUS_SMTP_FROM, default "Tellus <tellus@localhost>"). */
  from?: string | undefined;
  timeoutMs?: number;
}

export function createMailer(options: MailerOptions): Mailer {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = createTransport({ url: options.url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  const from = options.from ?? 'Tellus <tellus@localhost>';
  return {
    async send(to, message, eventId) {
      try {
        // The Message-ID follows from the event id, so a mail sent twice (at-least-once) is one message to mail clients.
        const messageId = `<${createHash('sha256').update(eventId).digest('hex').slice(0, 32)}@tellus>`;
        await transport.sendMail({
          from,
          to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: { [EVENT_ID_HEADER]: eventId },
          messageId,
        });
        return { kind: 'delivered' };
      } catch (err) {
        // SMTP 5xx is a permanent refusal (no such mailbox); 4xx and connection trouble pass.
        const code = (err as { responseCode?: unknown }).responseCode;
        if (typeof code === 'number' && code >= 500) return { kind: 'refused', error: describeError(err) };
        return { kind: 'retry', error: describeError(err) };
      }
    },
    close: () => transport.close(),
  };
}
