import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger';
import { inviteMethod } from './booking-invite';
import type { ContactMessage } from '../domain/messages';
import type { ContactSender } from './contact-sender';
import type { Delivery } from './resident-messages';

export interface LocalMailboxDeps {
  directory: string;
  log: Logger;
  clock: () => Date;
}

const CRLF = '\r\n';
const lines = (text: string) => text.replace(/\r?\n/g, CRLF);
// Header values are ASCII; anything else (a "·" in a subject) is encoded as RFC 2047 says.
const header = (value: string) => (/^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`);
// One file per message id, so a message tried twice is still one file.
const fileName = (id: string, extension: string) => `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.${extension}`;

/** An email as a mail client opens it: plain text, with the calendar file attached when there is one. */
function emailFile(message: ContactMessage, at: Date): string {
  const head = [
    'From: Surgery Queue <surgery-queue@localhost>',
    `To: ${message.to.value}`,
    `Subject: ${header(message.subject)}`,
    `Date: ${at.toUTCString()}`,
    `Message-ID: <${message.id}@surgery-queue.localhost>`,
    'MIME-Version: 1.0',
  ];
  const text = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', lines(message.body)];
  if (!message.calendar) return [...head, ...text, ''].join(CRLF);
  const { filename, content } = message.calendar;
  const method = inviteMethod(content);
  const boundary = `=_surgery-queue_${message.id.replace(/[^A-Za-z0-9]/g, '')}`;
  return [
    ...head,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    ...text,
    `--${boundary}`,
    `Content-Type: text/calendar; charset=utf-8${method ? `; method=${method}` : ''}; name="${filename}"`,
    `Content-Disposition: attachment; filename="${filename}"`,
    'Content-Transfer-Encoding: 8bit',
    '',
    lines(content).replace(/\r\n$/, ''),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

/** A text message as a file: who it is to, when, and the words. */
function textFile(message: ContactMessage, at: Date): string {
  return [`To: ${message.to.value}`, `Date: ${at.toUTCString()}`, `Reference: ${message.id}`, '', message.body, ''].join('\n');
}

/**
 * Local mode's stand-in for GOV.UK Notify: each email becomes an .eml file (open it in a mail client)
 * and each text a .txt file, in one folder, so nobody is ever messaged by accident while developing.
 */
export class LocalMailbox implements ContactSender {
  constructor(private readonly deps: LocalMailboxDeps) {}

  async send(message: ContactMessage): Promise<Delivery> {
    const email = message.to.kind === 'email';
    const file = path.join(this.deps.directory, fileName(message.id, email ? 'eml' : 'txt'));
    const at = this.deps.clock();
    try {
      await mkdir(this.deps.directory, { recursive: true });
      await writeFile(file, email ? emailFile(message, at) : textFile(message, at), 'utf8');
    } catch (error) {
      return {
        delivered: false,
        retryable: true,
        error: `Could not write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      };
    }
    this.deps.log.info(`${email ? 'email' : 'text message'} written to the local mailbox`, { file });
    return { delivered: true, activityId: file };
  }
}
