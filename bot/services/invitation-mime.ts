import { inviteMethod } from './booking-invite';
import type { ContactMessage } from '../domain/messages';

const CRLF = '\r\n';

/** A mailbox as a message names it: the address, and the name mail clients show beside it. */
export interface MailboxName {
  name: string;
  address: string;
}

/** Why a message was not made: a value that could not go into a header as it is. */
export interface MimeRefusal {
  refused: string;
}

// An address as RFC 5322 section 3.4.1 writes it without quoting; anything else (a quote, a bracket, a
// comma, a line break, a non-ASCII letter) could turn the To or From header into something else.
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;
// A display name made only of these needs no quoting or encoding (RFC 5322 section 3.2.3, atext and spaces).
const PLAIN_PHRASE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]*$/;
const PLAIN_TEXT = /^[\x20-\x7e]*$/;
// Each encoded-word stays within 75 characters (RFC 2047 section 2): 45 bytes are 60 in base64, plus "=?UTF-8?B?" and "?=".
const WORD_BYTES = 45;

/**
 * Text for a header as RFC 2047 encoded-words, each a whole number of characters, folded onto lines of
 * their own. Plain ASCII is left readable unless it holds "=?", which a mail client would try to decode.
 */
function encodedWords(value: string, plain: RegExp): string {
  if (plain.test(value) && !value.includes('=?')) return value;
  const words: string[] = [];
  let chunk = '';
  for (const character of value) {
    if (Buffer.byteLength(chunk + character, 'utf8') > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

const mailbox = ({ name, address }: MailboxName) => (name === '' ? `<${address}>` : `${encodedWords(name, PLAIN_PHRASE)} <${address}>`);

// Base64 lines of at most 76 characters (RFC 2045 section 6.8).
const base64Lines = (text: string) =>
  (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join(CRLF);

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The plain words as HTML: a paragraph for each, lines kept, links that can be followed. */
function htmlOf(text: string): string {
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map(
      (paragraph) =>
        `<p>${escapeHtml(paragraph)
          .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)
          .replace(/\r?\n/g, '<br>')}</p>`,
    );
  return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${paragraphs.join('')}</body></html>`;
}

// Text is encoded with CRLF line ends, its canonical form (RFC 2046, section 4.1.1).
const part = (contentType: string, text: string) =>
  [`Content-Type: ${contentType}`, 'Content-Transfer-Encoding: base64', '', base64Lines(text.replace(/\r?\n/g, CRLF))].join(CRLF);

/**
 * An invitation as an iMIP message (RFC 6047): multipart/alternative with the words as plain text and as
 * HTML, and the iCalendar object as a text/calendar part with its METHOD (section 2.4), which Outlook and
 * other calendar clients show as a meeting request to accept or decline, or as its cancellation. Every
 * name, address and subject that goes into a header is checked or encoded first, so none can add headers
 * of its own.
 */
export function invitationMime(
  message: Pick<ContactMessage, 'id' | 'subject' | 'body'> & { calendar: NonNullable<ContactMessage['calendar']> },
  from: MailboxName,
  to: MailboxName,
): string | MimeRefusal {
  for (const [what, value] of [
    ['subject', message.subject],
    ['sender’s name', from.name],
    ['recipient’s name', to.name],
  ] as const) {
    if (/[\r\n\0]/.test(value)) return { refused: `The ${what} has a line break, which cannot go into an email header.` };
  }
  for (const [what, address] of [
    ['sender', from.address],
    ['recipient', to.address],
  ] as const) {
    if (!PLAIN_ADDRESS.test(address)) return { refused: `The ${what}’s address cannot go into an email header as it is.` };
  }
  const method = inviteMethod(message.calendar.content) ?? 'REQUEST';
  const boundary = `=_surgery-queue_${message.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`;
  const domain = from.address.slice(from.address.indexOf('@') + 1);
  return [
    `From: ${mailbox(from)}`,
    `To: ${mailbox(to)}`,
    `Subject: ${encodedWords(message.subject, PLAIN_TEXT)}`,
    `Message-ID: <${message.id.replace(/[^A-Za-z0-9.-]/g, '_')}@${domain}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    part('text/plain; charset=UTF-8', message.body),
    `--${boundary}`,
    part('text/html; charset=UTF-8', htmlOf(message.body)),
    `--${boundary}`,
    part(`text/calendar; method=${method}; charset=UTF-8`, message.calendar.content),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}
