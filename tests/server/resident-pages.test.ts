import { RESIDENT_CSP } from '../../bot/server/security-headers';
import { cardOf, textOf } from '../support/recording-connector';
import { Resident, TestApp, startTestApp } from '../support/test-app';
import { TIME_OF_DAY } from '../support/time-words';

const PUBLIC = 'https://surgeries.example.gov.uk';
const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';
const HOUR = 3_600_000;

/** A resident's details that must never appear on a public page or feed. */
const JANE = {
  name: `<script>alert("x")</script> O'Hara`,
  postcode: 'SW1A 1AA',
  issue: 'Mould in my flat at 12 Mill Lane',
  contact: 'jane@example.com',
};

async function get(url: string, init: RequestInit = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** The status link from the resident's latest place card, pointed at the test server. */
function statusLinkOf(resident: Resident, app: TestApp): string {
  const place = [...resident.received].reverse().find((c) => textOf(c.activity).includes('You are in the queue'))!;
  const action = cardOf(place.activity)!.actions.find((a: { title: string }) => a.title === 'See your place in a browser');
  expect(action).toMatchObject({ type: 'Action.OpenUrl' });
  expect(action.url).toMatch(new RegExp(`^${PUBLIC}/status/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}$`));
  return action.url.replace(PUBLIC, app.app.url);
}

describe('Resident pages over real HTTP', () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await startTestApp({ env: { PUBLIC_BASE_URL: PUBLIC, COUNCIL_NAME: 'Riverside Borough Council', RETENTION_DAYS: '45' } });
  });

  afterEach(async () => {
    await test?.stop();
  });

  describe('the status page of a visit', () => {
    it('When a resident checks in, then the link on their place card opens a page with their place, time, lobby tag and meeting link, without JavaScript', async () => {
      const surgery = await test.api.openSurgery({ ward: 'Abbey', joinUrl: JOIN_URL });
      const jane = new Resident(test, 'webchat');
      await jane.checksIn(JANE);

      const page = await get(statusLinkOf(jane, test));

      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('content-security-policy')).toBe(RESIDENT_CSP);
      expect(RESIDENT_CSP).toContain("frame-ancestors 'none'");
      expect(page.body).toContain('<html lang="en-GB"');
      expect(page.body).toContain('<a href="#main-content" class="govuk-skip-link">Skip to main content</a>');
      expect(page.body).toContain('<h1 class="govuk-heading-l">You are in the queue</h1>');
      expect(page.body).toContain('1st: you are next');
      expect(page.body).toMatch(new RegExp(`About ${TIME_OF_DAY}( to ${TIME_OF_DAY})?<`));
      expect(page.body).toContain('<meta http-equiv="refresh" content="30">');
      expect(page.body).toContain('<meta name="robots" content="noindex, nofollow">');
      expect(page.body).toContain(`href="${JOIN_URL}"`);
      expect(page.body).not.toContain('<script');
      expect(page.body).toContain('?updates=off" class="govuk-link">Stop updating this page</a>');
      const still = await get(`${statusLinkOf(jane, test)}?updates=off`);
      expect(still.body).toContain('1st: you are next');
      expect(still.body).not.toContain('http-equiv="refresh"');
      // The lobby tag is the only thing from the resident's name, escaped; nothing else they typed is shown.
      const tag = (await test.api.queue(surgery.id)).active[0]!.lobbyTag;
      expect(tag).toContain('<');
      expect(page.body).toContain(
        tag.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
      );
      for (const secret of [JANE.postcode, JANE.issue, JANE.contact, 'alert("x")', "O'Hara"]) expect(page.body).not.toContain(secret);
    });

    it('When a resident is 12th, then their place card says at least 10 people are ahead, and the page its link opens says 12th', async () => {
      await test.api.openSurgery({ ward: 'Abbey', joinUrl: JOIN_URL });
      const residents = Array.from({ length: 12 }, () => new Resident(test, 'msteams'));
      for (const [i, resident] of residents.entries())
        await resident.checksIn({ name: `Resident Number${i + 1}`, postcode: 'SW1A 1AA', issue: 'Parking' });
      const twelfth = residents[11]!;

      expect(textOf(twelfth.lastReceived()!.activity)).toContain('At least 10 people are ahead of you');
      const page = await get(statusLinkOf(twelfth, test));
      expect(page.status).toBe(200);
      expect(page.body).toMatch(/Your place<\/dt>\s*<dd class="govuk-summary-list__value">12th</);
    });

    it('When the resident follows Leave the queue and confirms with the form, then they leave, the page says so and their web chat is told', async () => {
      const surgery = await test.api.openSurgery({ joinUrl: JOIN_URL });
      const jane = new Resident(test, 'webchat');
      await jane.checksIn(JANE);
      const link = statusLinkOf(jane, test);
      const statusPath = new URL(link).pathname;

      const status = await get(link);
      expect(status.body).toContain(`<a href="${statusPath}/leave" class="govuk-link">Leave the queue</a>`);
      const confirm = await get(`${link}/leave`);
      expect(confirm.status).toBe(200);
      expect(confirm.body).toContain(`<form method="post" action="${statusPath}/leave"`);
      expect(confirm.body).toContain('<input type="hidden" name="confirm" value="yes">');
      expect((await test.api.queue(surgery.id)).active).toHaveLength(1);

      // Not a form, or no confirmation: nothing happens.
      const asJson = await get(`${link}/leave`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ confirm: 'yes' }),
      });
      expect(asJson.status).toBe(415);
      const unconfirmed = await get(`${link}/leave`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'confirm=no',
      });
      expect(unconfirmed.status).toBe(400);
      expect((await test.api.queue(surgery.id)).active).toHaveLength(1);

      const left = await get(`${link}/leave`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'confirm=yes',
      });
      expect(left.status).toBe(303);
      expect(left.headers.get('location')).toBe(statusPath);

      const after = await get(link);
      expect(after.body).toContain('<h1 class="govuk-heading-l">You left the queue</h1>');
      expect(after.body).not.toContain('http-equiv="refresh"');
      expect(after.body).not.toContain('/leave"');
      const view = await test.api.queue(surgery.id);
      expect(view.active).toEqual([]);
      expect(view.finished.map((r) => r.status)).toEqual(['left']);
      // Web chat cannot close the card in place: the chat is told in a new message.
      const closed = await test.connector.waitFor(
        (c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('You left the queue.'),
      );
      expect(closed.method).toBe('POST');
      await test.app.settled();
      expect(jane.received.filter((c) => c.method === 'PUT')).toEqual([]);
      expect(test.connector.failed).toEqual([]);
    });

    it('When the resident is called, then the call in the chat links to the status page, which says to join now with the meeting link', async () => {
      const surgery = await test.api.openSurgery({ joinUrl: JOIN_URL });
      const jane = new Resident(test, 'webchat');
      await jane.checksIn(JANE);
      const link = statusLinkOf(jane, test);

      await test.api.admitNext(surgery.id);
      const called = await test.connector.waitFor(
        (c) => c.conversationId === jane.conversationId && c.method === 'POST' && textOf(c.activity).includes('It is your turn next'),
      );
      const action = cardOf(called.activity)!.actions.find((a: { title: string }) => a.title === 'See your place in a browser');
      expect(action.url.replace(PUBLIC, test.app.url)).toBe(link);

      const page = await get(link);
      expect(page.body).toContain('It is your turn next');
      expect(page.body).toContain(`<a href="${JOIN_URL}" class="govuk-button" rel="noreferrer">Join the meeting</a>`);
    });

    it.each([
      ['a well-formed token nobody was given', `/status/${'A'.repeat(43)}`],
      ['a malformed token', '/status/not-a-token'],
      ['a token with odd characters', '/status/%3Cscript%3E'],
      ['leaving with a token nobody was given', `/status/${'B'.repeat(43)}/leave`],
    ])('When %s is opened, then the answer is a plain 404 page that says nothing more', async (_, path) => {
      const page = await get(`${test.app.url}${path}`);
      expect(page.status).toBe(404);
      expect(page.body).toContain('<h1 class="govuk-heading-l">Page not found</h1>');
      expect(page.body).not.toContain('script%3E');
    });
  });

  describe('the public listings and calendars', () => {
    async function planned(overrides: Record<string, unknown>): Promise<{ id: string }> {
      const created = await test.api.call('POST', '/api/surgeries', {
        ward: 'Abbey',
        joinUrl: JOIN_URL,
        councillors: ['Cllr Ada Khan'],
        ...overrides,
      });
      expect(created.status).toBe(201);
      return created.body;
    }

    async function councilWithSurgeries() {
      const now = Date.now();
      const open = await test.api.openSurgery({ ward: 'Abbey', councillors: ['Cllr Ada Khan', 'Cllr <i>Tom</i> Reid'], joinUrl: JOIN_URL });
      const later = await planned({
        ward: `St Mary's & Priory`,
        startsAt: new Date(now + 48 * HOUR).toISOString(),
        endsAt: new Date(now + 50 * HOUR).toISOString(),
        councillors: ['Cllr Bea Lane'],
      });
      const ended = await test.api.openSurgery({ ward: 'Hillside', councillors: ['Cllr Old Gone'] });
      await test.api.call('POST', `/api/surgeries/${ended.id}/end`);
      await new Resident(test).checksIn(JANE);
      return { open, later, ended };
    }

    it('When the whole council page is opened, then it lists upcoming surgeries with date, time, councillors and how to join, and no personal data', async () => {
      const { open, later } = await councilWithSurgeries();

      const page = await get(`${test.app.url}/surgeries`);

      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(RESIDENT_CSP);
      expect(page.body).toContain('<h1 class="govuk-heading-l">Upcoming councillor surgeries</h1>');
      expect(page.body).toContain('Riverside Borough Council');
      expect(page.body).toContain('Cllr &lt;i&gt;Tom&lt;/i&gt; Reid');
      expect(page.body).not.toContain('<i>Tom</i>');
      expect(page.body).toContain('St Mary&#39;s &amp; Priory');
      expect(page.body).toContain(`href="/surgeries/${open.id}"`);
      expect(page.body).toContain(`href="/surgeries/${later.id}"`);
      expect(page.body).toContain('href="/surgeries/ward/st-marys-priory"');
      expect(page.body).toContain('href="/surgeries.ics"');
      expect(page.body).toContain('Open now');
      expect(page.body).not.toContain('Hillside');
      for (const secret of [
        JOIN_URL,
        'meetup-join',
        JANE.postcode,
        JANE.issue,
        JANE.contact,
        'Jane',
        'O&#39;Hara',
        'Councillor (local mode)',
      ])
        expect(page.body).not.toContain(secret);
    });

    it('When a ward page is opened, then it lists only that ward; an unknown ward is a 404', async () => {
      await councilWithSurgeries();

      const ward = await get(`${test.app.url}/surgeries/ward/st-marys-priory`);
      expect(ward.status).toBe(200);
      expect(ward.body).toContain('St Mary&#39;s &amp; Priory ward: upcoming councillor surgeries');
      expect(ward.body).toContain('Cllr Bea Lane');
      expect(ward.body).not.toContain('Cllr Ada Khan');
      expect(ward.body).toContain('href="/surgeries/ward/st-marys-priory.ics"');

      expect((await get(`${test.app.url}/surgeries/ward/nowhere`)).status).toBe(404);
      expect((await get(`${test.app.url}/surgeries/ward/nowhere.ics`)).status).toBe(404);
    });

    it('When the calendar feed is fetched, then it is iCalendar to publish, one stable event per upcoming surgery in UTC, with no personal data', async () => {
      const { open, later, ended } = await councilWithSurgeries();

      const feed = await get(`${test.app.url}/surgeries.ics`);
      expect(feed.status).toBe(200);
      expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const lines = feed.body.replace(/\r\n[ \t]/g, '').split('\r\n');
      expect(lines[0]).toBe('BEGIN:VCALENDAR');
      expect(lines).toContain('VERSION:2.0');
      expect(lines).toContain('METHOD:PUBLISH');
      expect(lines).toContain('X-WR-TIMEZONE:Europe/London');
      expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
      const uids = lines.filter((l) => l.startsWith('UID:'));
      expect(uids).toEqual([`UID:surgery-${open.id}@surgeries.example.gov.uk`, `UID:surgery-${later.id}@surgeries.example.gov.uk`]);
      expect(feed.body).not.toContain(ended.id);
      expect(lines.filter((l) => l.startsWith('DTSTART')).every((l) => /^DTSTART:\d{8}T\d{6}Z$/.test(l))).toBe(true);
      expect(lines).toContain(`URL;VALUE=URI:${PUBLIC}/surgeries/${later.id}`);
      expect(lines.find((l) => l.startsWith('SUMMARY:') && l.includes('Priory'))).toBe(
        "SUMMARY:St Mary's & Priory councillor surgery (online)",
      );
      for (const secret of [JOIN_URL, 'meetup-join', JANE.postcode, JANE.issue, JANE.contact, 'Jane'])
        expect(feed.body).not.toContain(secret);

      const again = await get(`${test.app.url}/surgeries.ics`);
      expect(again.body.split('\r\n').filter((l) => l.startsWith('UID:'))).toEqual(uids);

      const ward = await get(`${test.app.url}/surgeries/ward/abbey.ics`);
      expect(ward.body.split('\r\n').filter((l) => l.startsWith('UID:'))).toEqual([`UID:surgery-${open.id}@surgeries.example.gov.uk`]);
    });
  });

  describe('the surgery page', () => {
    it('When a surgery page is opened in local mode, then it says when, with whom, how it works, the privacy notice, and offers the local web chat', async () => {
      const surgery = await test.api.openSurgery({ ward: 'Abbey <b>', councillors: ['Cllr Ada Khan'] });

      const page = await get(`${test.app.url}/surgeries/${surgery.id}`);

      expect(page.status).toBe(200);
      expect(page.body).toContain('<h1 class="govuk-heading-l">Abbey &lt;b&gt; ward councillor surgery</h1>');
      expect(page.body).toContain('Cllr Ada Khan');
      expect(page.body).toContain('How it works');
      expect(page.body).toContain('Riverside Borough Council keeps what you tell us here');
      expect(page.body).toContain('We keep it for 45 days after the surgery');
      expect(page.body).toContain('Local mode — not for production');
      expect(page.body).toContain('data-direct-line="/v3/directline"');
      expect(page.body).not.toContain('Agents Playground');
      expect(page.body).not.toContain(JOIN_URL);
      expect((await get(`${test.app.url}/surgeries/nosuchsurgery1`)).status).toBe(404);
    });

    it('When the stylesheet is fetched, then it is GOV.UK Frontend without the GOV.UK-only typeface', async () => {
      const css = await get(`${test.app.url}/public/govuk-frontend.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(css.body).toContain('.govuk-summary-list');
      expect(css.body).not.toContain('@font-face');
    });
  });

  it('When a resident is offered the check-in form, then it starts with the privacy notice from the settings', async () => {
    await test.api.openSurgery();
    const ann = new Resident(test);
    await ann.says('hello');
    const text = textOf(ann.lastReceived()!.activity);
    expect(text).toContain('Riverside Borough Council keeps what you tell us here');
    expect(text).toContain('We keep it for 45 days after the surgery, then delete it.');
    expect(text.indexOf('We keep it for')).toBeLessThan(text.indexOf('Your name'));
  });
});
