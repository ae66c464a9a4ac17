import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { ContactMessage } from '../../bot/domain/messages';
import { LocalMailbox } from '../../bot/services/local-mailbox';
import type { Details } from '../../bot/logger';

const AT = new Date('2025-03-01T10:00:00.000Z');

function aCalendar(): string {
  const calendar = ical({ name: 'Castle ward surgery', method: ICalCalendarMethod.REQUEST });
  calendar.createEvent({
    id: 'booking-b1',
    start: AT,
    end: new Date(AT.getTime() + 10 * 60_000),
    summary: 'Castle ward surgery',
    url: 'https://teams.microsoft.com/l/x',
  });
  return calendar.toString();
}

/** The parts of a MIME message, as a mail client would split them: headers (lower-cased names) and body. */
function parse(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = Object.fromEntries(
    raw
      .slice(0, split)
      .split('\r\n')
      .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { headers, body: raw.slice(split + 4) };
}

function parts(raw: string) {
  const { headers, body } = parse(raw);
  const boundary = /boundary="([^"]+)"/.exec(headers['content-type']!)![1]!;
  const [, ...rest] = body.split(`--${boundary}`);
  expect(rest[rest.length - 1]).toBe('--\r\n');
  return rest.slice(0, -1).map((part) => parse(part.replace(/^\r\n/, '').replace(/\r\n$/, '')));
}

describe('The local mailbox', () => {
  let directory: string;
  let logged: [string, Details | undefined][];
  let mailbox: LocalMailbox;

  beforeEach(() => {
    directory = path.join(mkdtempSync(path.join(os.tmpdir(), 'sq-mailbox-test-')), 'mailbox');
    logged = [];
    mailbox = new LocalMailbox({
      directory,
      clock: () => AT,
      log: { debug: () => undefined, info: (message, details) => logged.push([message, details]), error: () => undefined },
    });
  });

  afterEach(() => {
    rmSync(path.dirname(directory), { recursive: true, force: true });
  });

  const email = (overrides: Partial<ContactMessage> = {}): ContactMessage => ({
    id: 'booking-confirmation-b1',
    to: { kind: 'email', value: 'jane@example.com' },
    surgeryId: 'surgery-1',
    subject: 'Your slot at the Castle ward surgery · 10:00',
    body: 'You have booked a slot at 10:00.\n\nJoin the meeting: https://teams.microsoft.com/l/x',
    ...overrides,
  });

  it('When an email with a calendar file is sent, then an .eml file holds the text and the invitation attached as text/calendar', async () => {
    const calendar = aCalendar();
    const delivery = await mailbox.send(email({ calendar: { filename: 'surgery.ics', content: calendar } }));

    const file = path.join(directory, 'booking-confirmation-b1.eml');
    expect(delivery).toEqual({ delivered: true, activityId: file });
    const raw = readFileSync(file, 'utf8');
    const { headers } = parse(raw);
    expect(headers).toMatchObject({ to: 'jane@example.com', date: 'Sat, 01 Mar 2025 10:00:00 GMT', 'mime-version': '1.0' });
    // The subject has a "·", so it is encoded for mail headers.
    expect(Buffer.from(/^=\?UTF-8\?B\?(.+)\?=$/.exec(headers.subject!)![1]!, 'base64').toString('utf8')).toBe(
      'Your slot at the Castle ward surgery · 10:00',
    );
    const [text, invitation] = parts(raw);
    expect(text!.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text!.body).toBe('You have booked a slot at 10:00.\r\n\r\nJoin the meeting: https://teams.microsoft.com/l/x');
    expect(invitation!.headers).toMatchObject({
      'content-type': 'text/calendar; charset=utf-8; method=REQUEST; name="surgery.ics"',
      'content-disposition': 'attachment; filename="surgery.ics"',
    });
    expect(invitation!.body).toBe(calendar.replace(/\r?\n/g, '\r\n').replace(/\r\n$/, ''));
    expect(logged).toEqual([['email written to the local mailbox', { file }]]);
  });

  it('When an email has no calendar file, then the .eml file is a plain text message', async () => {
    await mailbox.send(email({ subject: 'Update on your case SQ-7K4M' }));

    const { headers, body } = parse(readFileSync(path.join(directory, 'booking-confirmation-b1.eml'), 'utf8'));
    expect(headers).toMatchObject({ subject: 'Update on your case SQ-7K4M', 'content-type': 'text/plain; charset=utf-8' });
    expect(body).toBe('You have booked a slot at 10:00.\r\n\r\nJoin the meeting: https://teams.microsoft.com/l/x\r\n');
  });

  it('When a text message is sent, then a .txt file says who it is to and what it says', async () => {
    const body =
      'Surgery Queue: it is nearly your turn at Castle ward surgery. Join: https://teams.microsoft.com/l/x. Your lobby tag is Jane S · A1.';
    await mailbox.send({
      id: 'alert-getting_close-v1',
      to: { kind: 'mobile', value: '+447700900123' },
      surgeryId: 'surgery-1',
      subject: 'It is nearly your turn',
      body,
    });

    expect(readFileSync(path.join(directory, 'alert-getting_close-v1.txt'), 'utf8')).toBe(
      `To: +447700900123\nDate: Sat, 01 Mar 2025 10:00:00 GMT\nReference: alert-getting_close-v1\n\n${body}\n`,
    );
    expect(logged.map(([message]) => message)).toEqual(['text message written to the local mailbox']);
  });

  it('When a message is sent twice, then it is still one file, and ids that are not file names are made safe', async () => {
    await mailbox.send(email({ id: 'a:b c' }));
    await mailbox.send(email({ id: 'a:b c' }));

    expect(readdirSync(directory)).toEqual(['a_b_c.eml']);
  });

  it('When the folder cannot be written, then the message is kept to try again', async () => {
    writeFileSync(path.join(path.dirname(directory), 'blocked'), '');
    const blocked = new LocalMailbox({
      directory: path.join(path.dirname(directory), 'blocked'),
      clock: () => AT,
      log: { debug: () => undefined, info: () => undefined, error: () => undefined },
    });

    expect(await blocked.send(email())).toMatchObject({
      delivered: false,
      retryable: true,
      error: expect.stringMatching(/^Could not write .*: EEXIST$/),
    });
  });
});
