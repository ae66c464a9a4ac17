import { CHANNEL_NAMES, type SurgerySummary } from '../../bot/api-types';
import { isRefusal } from '../../bot/domain/refusal';
import { FakeDirectLine } from '../support/fake-direct-line';
import { cardOf } from '../support/recording-connector';
import { Resident, startTestApp, TestApp } from '../support/test-app';
import { startWebKit, WebKit, WebKitSession } from '../support/webkit';

/** An iPhone SE's screen, in CSS pixels. */
const IPHONE = { width: 375, height: 667 };
const PUBLIC = 'https://surgeries.example.gov.uk';
const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';
const SECRET = 'direct-line-secret-for-tests';
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('resident pages in WebKit (WebKitGTK, Safari’s engine) on an iPhone-sized screen', () => {
  let webkit: WebKit;
  let testApp: TestApp | undefined;
  let directLine: FakeDirectLine | undefined;
  let page: WebKitSession | undefined;

  beforeAll(async () => {
    webkit = await startWebKit();
  });

  afterAll(async () => {
    await webkit?.stop();
  });

  afterEach(async () => {
    await page?.close().catch(() => undefined);
    await testApp?.stop();
    await directLine?.stop();
    page = testApp = directLine = undefined;
  });

  test('When a resident opens their status page and leaves the queue with its form, then it shows their place and lobby tag, and they leave', async () => {
    testApp = await startTestApp({ env: { PUBLIC_BASE_URL: PUBLIC, COUNCIL_NAME: 'Riverside Borough Council' } });
    const surgery = await testApp.api.openSurgery();
    const jane = new Resident(testApp, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes' });
    const card = cardOf(jane.lastReceived()!.activity)!;
    const statusUrl = card.actions
      .find((a: { title: string }) => a.title === 'See your place in a browser')
      .url.replace(PUBLIC, testApp.app.url);
    page = await webkit.newSession(IPHONE);

    await page.goto(statusUrl);

    await page.waitForHeading('You are in the queue');
    const text = await page.text();
    expect(text).toMatch(/Your place\s+1st: you are next/);
    expect(text).toMatch(/Estimated time\s+\S/);
    expect(text).toMatch(/Your name for the meeting\s+Jane S · A1/);
    expect(await page.attribute(await page.find('a', 'Meeting link (Microsoft Teams)'), 'href')).toBe(JOIN_URL);
    expect(await page.fitsTheScreen()).toBe(true);

    await page.click('a', 'Leave the queue');
    await page.waitForHeading('Are you sure you want to leave the queue?');
    expect(await page.fitsTheScreen()).toBe(true);
    await page.click('button', 'Yes, leave the queue');
    await page.waitForHeading('You left the queue');
    expect((await testApp.api.queue(surgery.id)).finished.map((r) => r.status)).toEqual(['left']);
  });

  test('When a resident opens their booking’s manage page and cancels with its form, then it shows the booking, and it is cancelled', async () => {
    const now = new Date('2026-11-23T10:00:00.000Z');
    testApp = await startTestApp({ clock: () => now, env: { COUNCIL_NAME: 'Riverside Borough Council' } });
    const plan = {
      ward: 'Abbey',
      startsAt: '2026-11-24T14:00:00.000Z',
      endsAt: '2026-11-24T16:00:00.000Z',
      joinUrl: JOIN_URL,
      councillors: ['Cllr Ada Khan'],
      mode: 'bookings',
      slotMinutes: 10,
    };
    const surgery = (await testApp.api.call<SurgerySummary>('POST', '/api/surgeries', plan)).body;
    const booked = await testApp.app.bookings.book(
      surgery.id,
      { name: 'Jane Smith', address: '12 Mill Lane', postcode: 'RV1 1AA', issue: 'Mould in my flat', contact: 'jane@example.com', slot: 2 },
      { channel: 'webchat' },
    );
    if (isRefusal(booked)) throw new Error(booked.message);
    const jane = booked.booking;
    page = await webkit.newSession(IPHONE);

    await page.goto(`${testApp.app.url}/bookings/${jane.manageToken}`);

    await page.waitForHeading('Your surgery appointment');
    const text = await page.text();
    for (const detail of [jane.reference, 'Abbey ward surgery', 'Tuesday 24 November 2026, 2:20pm', 'Mould in my flat'])
      expect(text).toContain(detail);
    expect(await page.attribute(await page.find('a', 'Meeting link'), 'href')).toBe(JOIN_URL);
    expect(await page.fitsTheScreen()).toBe(true);

    await page.click('a', 'Cancel your booking');
    await page.waitForHeading('Are you sure you want to cancel your booking?');
    expect(await page.fitsTheScreen()).toBe(true);
    await page.click('button', 'Yes, cancel my booking');
    await page.waitForHeading('Your booking was cancelled');
    expect((await testApp.app.bookings.findByManageToken(jane.manageToken))!.booking.status).toBe('cancelled');
  });

  test('When a resident opens an open surgery’s page with web chat, then Web Chat starts, the check-in form arrives, and nothing scrolls sideways', async () => {
    directLine = await new FakeDirectLine(SECRET).start();
    testApp = await startTestApp({ env: { DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_BASE_URL: directLine.url } });
    directLine.botUrl = testApp.app.url;
    const surgery = await testApp.api.openSurgery({ ward: 'Abbey' });
    page = await webkit.newSession(IPHONE);

    await page.goto(`${testApp.app.url}/surgeries/${surgery.id}`);

    await page.waitForHeading('Abbey ward councillor surgery');
    // The bot's check-in form, asked for by the page's hidden post back, relayed by the fake Direct Line.
    await page.until(
      "const box = document.querySelector('[data-web-chat-box]'); return !!box && !box.hidden && box.innerText.includes('Your postcode')",
      'check-in form in Web Chat',
      20_000,
    );
    // Rendered as an Adaptive Card with fields to fill in, not just text.
    expect(
      await page.execute<number>("return document.querySelectorAll('[data-web-chat-box] .ac-adaptiveCard input').length"),
    ).toBeGreaterThan(0);
    expect(await page.text()).not.toContain('you need JavaScript switched on');
    expect(await page.text()).not.toContain('The chat cannot start');
    expect(directLine.activities.filter((a) => a.from.role === 'user').map((a) => a.value)).toEqual([
      { action: 'choose_surgery', surgeryId: surgery.id },
    ]);
    expect(await page.fitsTheScreen()).toBe(true);
  });

  test('When a resident on an iPhone opens the surgery page and then their status page, then both say first that the Teams app is needed, with the App Store link, and nothing scrolls sideways', async () => {
    testApp = await startTestApp({ env: { PUBLIC_BASE_URL: PUBLIC, COUNCIL_NAME: 'Riverside Borough Council' } });
    const surgery = await testApp.api.openSurgery({ dialInNumber: '+44 20 3443 1234', dialInConferenceId: '123 456 789' });
    const jane = new Resident(testApp, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes' });
    const card = cardOf(jane.lastReceived()!.activity)!;
    const statusUrl = card.actions
      .find((a: { title: string }) => a.title === 'See your place in a browser')
      .url.replace(PUBLIC, testApp.app.url);
    page = await webkit.newSession(IPHONE, { userAgent: IPHONE_SAFARI });
    const firstAdvice = "return document.querySelector('[data-joining-fits]')?.innerText ?? ''";

    for (const url of [`${testApp.app.url}/surgeries/${surgery.id}`, statusUrl]) {
      await page.goto(url);
      const first = await page.until<string>(firstAdvice, 'advice on joining');
      expect(first).toContain('On an iPhone or iPad, you need the free Microsoft Teams app to join. Get it now, while you wait.');
      expect(await page.attribute(await page.find('a', 'Get Microsoft Teams from the App Store'), 'href')).toBe(
        'https://apps.apple.com/gb/app/microsoft-teams/id1113153706',
      );
      expect(await page.fitsTheScreen()).toBe(true);
    }
    expect(await page.text()).toContain('call +44 20 3443 1234 and enter the conference ID 123 456 789');
  });

  test('When a resident checks in with the web chat of an open surgery’s page in local mode, then the server’s own Direct Line carries the form and their place comes back, and a new card when they move up', async () => {
    testApp = await startTestApp();
    const surgery = await testApp.api.openSurgery({ ward: 'Abbey' });
    // Someone ahead of her, checked in through Teams.
    const omar = new Resident(testApp);
    await omar.checksIn({ name: 'Omar Farouk', postcode: 'AB1 1AB', issue: 'Bins not collected' });
    page = await webkit.newSession(IPHONE);

    await page.goto(`${testApp.app.url}/surgeries/${surgery.id}`);
    await page.until(
      "const box = document.querySelector('[data-web-chat-box]'); return !!box && !box.hidden && box.querySelectorAll('.ac-adaptiveCard input').length > 0",
      'check-in form in Web Chat',
      20_000,
    );
    // The form's fields in order (name, postcode, what it is about, then the optional ones) and its button, in the card on
    // screen: Web Chat keeps a hidden copy of a new card for screen readers for a moment.
    const form = await page.elements(
      "const cards = [...document.querySelectorAll('[data-web-chat-box] .ac-adaptiveCard')].filter((card) => card.offsetParent !== null); const card = cards[cards.length - 1]; return [...card.querySelectorAll('input, textarea'), [...card.querySelectorAll('button')].find((button) => button.textContent.trim() === 'Check in')]",
    );
    const [name, postcode, issue] = form;
    await page.type(name!, 'Jane Smith');
    await page.type(postcode!, 'AB1 1AA');
    await page.type(issue!, 'Mould in my flat');
    await page.clickElement(form[form.length - 1]!);

    await page.until(
      "return document.querySelector('[data-web-chat-box]').innerText.includes('You are in the queue')",
      'place card in Web Chat',
      20_000,
    );
    expect(await page.text()).toMatch(/Your place\s+2nd/);
    expect((await testApp.api.queue(surgery.id)).active.map((row) => [row.name, CHANNEL_NAMES[row.channel]])).toEqual([
      ['Omar Farouk', 'Teams'],
      ['Jane Smith', 'Web chat'],
    ]);
    expect(await page.fitsTheScreen()).toBe(true);

    expect((await testApp.api.admitNext(surgery.id)).status).toBe(200);
    // Direct Line cannot change her first card: her new place comes as a second card below it.
    await page.until(
      "return document.querySelector('[data-web-chat-box]').innerText.split('You are in the queue').length === 3",
      'a second place card in Web Chat',
      20_000,
    );
    expect(await page.text()).toMatch(/Your place\s+2nd[\s\S]*Your place\s+1st: you are next/);
    await testApp.app.settled();
    expect((await testApp.api.queue(surgery.id)).active.filter((row) => row.lastMessage?.delivered === false)).toEqual([]);
    // Only Omar's Teams chat went through the test's Bot Connector; Jane's went through the server's own Direct Line.
    expect(testApp.connector.calls.filter((call) => call.conversationId !== omar.conversationId)).toEqual([]);
    expect(await page.fitsTheScreen()).toBe(true);
  });
});
