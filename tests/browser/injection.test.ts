import { Browser, Page } from 'playwright-core';
import { escapeMarkdown } from '../../bot/teams/cards/card-parts';
import { lobbyTag } from '../../bot/domain/lobby-tag';
import { cleanLine } from '../../bot/domain/text';
import { launchChromium } from '../support/chromium';
import { cardOf } from '../support/recording-connector';
import { Resident, startTestApp, TestApp } from '../support/test-app';
import { joiningParts } from '../../bot/teams/cards/joining-parts';
import { PATIENCE_MS } from '../support/patience';

// What hostile or careless residents might type: HTML, script, Markdown, Adaptive Card JSON and template syntax.
const NAME = '<img src=x onerror="window.__pwned=1">Jane **B** [x](https://evil.example)';
const ISSUE = '<script>window.__pwned=2</script> {"type":"Action.OpenUrl","url":"https://evil.example"} ${name} {{name}} _em_ # Heading';
const ACCESS_NEEDS = '<iframe src="javascript:window.__pwned=3"></iframe> <b>BSL</b>';
const WARD = 'Abbey **Bold** [x](https://evil.example)';

type Watched = Page & { violations: string[] };

/** The advice on joining is our own fixed Markdown (a bold heading, links to the app stores), with nothing typed in it. */
const JOINING_ADVICE = new Set(joiningParts(undefined).map((element) => element.text));

/** Markdown and HTML characters in a card's text with no backslash before them: each could change how it reads. */
function unescapedMarkdown(card: Record<string, any>): string[] {
  const body = (card.body as { text?: string; facts?: { title: string; value: string }[] }[]).filter(
    (element) => !JOINING_ADVICE.has(element.text),
  );
  const texts = body.flatMap((element) => [element.text ?? '', ...(element.facts ?? []).flatMap((fact) => [fact.title, fact.value])]);
  return texts.flatMap((text) => [...text.matchAll(/(?<!\\)[*_[\]()<>#`]/g)].map((match) => `${match[0]} in "${text}"`));
}

/** Records CSP violations and console errors that mention the policy, from the page and its frames. */
async function watched(browser: Browser): Promise<Watched> {
  const page = (await browser.newPage({ viewport: { width: 320, height: 800 }, locale: 'en-GB' })) as Watched;
  page.violations = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) page.violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`Content Security Policy: ${event.violatedDirective} blocked ${event.blockedURI}`),
    );
  });
  return page;
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe("Residents' words in the tab and in cards (Chromium)", () => {
  let testApp: TestApp;
  let page: Watched;

  beforeEach(async () => {
    testApp = await startTestApp();
    page = await watched(browser);
  });

  afterEach(async () => {
    await page?.close();
    await testApp?.stop();
  });

  test('When a resident types HTML, script and Markdown, then the tab shows it as plain text and nothing runs', async () => {
    const surgery = await testApp.api.openSurgery({ ward: WARD });
    await new Resident(testApp, 'webchat').checksIn({ name: NAME, postcode: 'SW1A 1AA', issue: ISSUE, accessNeeds: ACCESS_NEEDS });
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);

    const tag = lobbyTag(cleanLine(NAME), 1);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: tag, exact: true }) });
    await card.waitFor();
    const shown = await card.evaluate((item) => ({
      texts: [...item.querySelectorAll('h3, p, span')].map((element) => element.textContent ?? ''),
      injected: item.querySelectorAll('img, script, iframe, a[href], b').length,
    }));
    expect(shown.texts).toContain(tag);
    expect(shown.texts).toEqual(expect.arrayContaining([`${NAME}, SW1A 1AA`, ISSUE, `Access needs: ${ACCESS_NEEDS}`]));
    expect(shown.injected).toBe(0);
    await page.getByRole('heading', { level: 1, name: `${WARD} surgery` }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(page.violations).toEqual([]);
  });

  test("When the bot puts a resident's lobby tag and the ward in cards, then Markdown in them is escaped and the card keeps its shape", async () => {
    const surgery = await testApp.api.openSurgery({ ward: WARD });
    const jane = new Resident(testApp);
    await jane.checksIn({ name: NAME, postcode: 'SW1A 1AA', issue: ISSUE });
    const tag = lobbyTag(cleanLine(NAME), 1);

    const place = cardOf(jane.received.find((call) => cardOf(call.activity)?.body?.[0]?.text === 'You are in the queue')!.activity)!;
    // Then how to join: a heading and one tip for each kind of device.
    expect(place.body.map((element: { type: string }) => element.type)).toEqual([
      'TextBlock',
      'FactSet',
      'TextBlock',
      ...Array(5).fill('TextBlock'),
    ]);
    expect(place.actions).toEqual([
      { type: 'Action.Submit', title: 'Leave the queue', data: { action: 'leave', visitId: expect.any(String) }, style: 'destructive' },
      {
        type: 'Action.OpenUrl',
        title: 'See your place in a browser',
        url: expect.stringMatching(/^http:\/\/localhost:3978\/status\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/),
      },
    ]);
    const nameFact = place.body[1].facts.find((fact: { title: string }) => fact.title === 'Your name for the meeting');
    expect(nameFact.value).toBe(escapeMarkdown(tag));
    expect(nameFact.value).toContain('\\<img');
    expect(place.body[2].text).toContain(escapeMarkdown(WARD));
    expect(place.body[2].text).toContain('\\*\\*Bold\\*\\* \\[x\\]\\(https://evil\\.example\\)');

    await testApp.api.admitNext(surgery.id);
    const called = cardOf(
      (await testApp.connector.waitFor((call) => cardOf(call.activity)?.body?.[0]?.text === 'It is your turn next')).activity,
    )!;
    expect(called.body.map((element: { text?: string }) => element.text)).toContain(escapeMarkdown(tag));
    expect(called.actions.map((action: { type: string; url?: string }) => [action.type, action.url])).toEqual([
      ['Action.OpenUrl', surgery.joinUrl],
      ['Action.OpenUrl', expect.stringMatching(/^http:\/\/localhost:3978\/status\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/)],
    ]);
    expect(unescapedMarkdown(place)).toEqual([]);
    expect(unescapedMarkdown(called)).toEqual([]);
  });
});

describe('Who may frame the tab (Chromium)', () => {
  let testApp: TestApp;
  let page: Watched;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp?.stop();
  });

  beforeEach(async () => {
    page = await watched(browser);
  });

  afterEach(async () => {
    await page?.unrouteAll({ behavior: 'ignoreErrors' });
    await page?.close();
  });

  // The tab as deployed, on a public https origin (Chromium will not let public pages frame 127.0.0.1):
  // Playwright passes its requests on to the test server and hands back the real answers and headers.
  const TAB_ORIGIN = 'https://surgery-queue.example';

  /** Serves a page at `hostOrigin` (through Playwright) that frames the tab, and says whether the tab loaded in it. */
  async function framedBy(hostOrigin: string): Promise<boolean> {
    await page.route(`${TAB_ORIGIN}/**`, async (route) => {
      const { pathname, search } = new URL(route.request().url());
      try {
        await route.fulfill({ response: await route.fetch({ url: `${testApp.app.url}${pathname}${search}` }) });
      } catch {
        // The page closed while this request was being passed on (the test is over): nothing to answer.
      }
    });
    const host = `${hostOrigin}/meeting.html`;
    await page.route(host, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<!doctype html><title>Host</title><iframe src="${TAB_ORIGIN}/tab/"></iframe>`,
      }),
    );
    await page.goto(host);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame())!;
    for (const giveUp = Date.now() + PATIENCE_MS; Date.now() < giveUp; await page.waitForTimeout(50)) {
      // A refused frame shows Chromium's error page instead.
      if (frame.url().startsWith('chrome-error:')) return false;
      if (await frame.$('#root > *').catch(() => null)) return true;
    }
    return false;
  }

  test.each([
    'https://teams.microsoft.com',
    'https://contoso.teams.microsoft.com',
    'https://teams.cloud.microsoft',
    'https://outlook.office.com',
    'https://www.microsoft365.com',
  ])('When %s frames the tab, then it loads with no policy violations', async (origin) => {
    expect(await framedBy(origin)).toBe(true);
    expect(page.violations).toEqual([]);
  });

  test.each(['https://evil.example', 'https://teams.microsoft.com.evil.example'])(
    'When %s frames the tab, then the browser refuses',
    async (origin) => {
      expect(await framedBy(origin)).toBe(false);
      expect(page.violations.join('\n')).toContain('frame-ancestors');
    },
  );
});
