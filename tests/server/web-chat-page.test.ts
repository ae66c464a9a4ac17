import http from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import ts from 'typescript';
import { RESIDENT_CSP, webChatCsp } from '../../bot/server/security-headers';
import { EntraUser } from '../support/fake-entra';
import { startSignedInApp } from '../support/signed-in-app';
import { startTestApp, TestApp } from '../support/test-app';

const SECRET = 'direct-line-secret';
/** Abbey's councillor on the signed-in tests' roster. */
const ADA: EntraUser = { oid: '1a2b3c4d-0000-4000-8000-00000000ada0', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const REGIONAL = 'https://europe.directline.botframework.com';

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

describe('Web chat on the surgery page, over real HTTP', () => {
  let test: TestApp | undefined;

  afterEach(async () => {
    await test?.stop();
    test = undefined;
  });

  /** Starts the app for one test; afterEach stops it. */
  async function started(env: Record<string, string> = {}): Promise<TestApp> {
    test = await startTestApp({ env });
    return test;
  }

  it('When Direct Line is set up and the surgery is open, then its page carries the chat, our two scripts and a policy letting Web Chat reach that Direct Line only', async () => {
    const app = await started({ DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_BASE_URL: REGIONAL });
    const surgery = await app.api.openSurgery();

    const page = await get(`${app.app.url}/surgeries/${surgery.id}`);
    const html = page.body.toString('utf8');

    expect(page.headers.get('content-security-policy')).toBe(webChatCsp(REGIONAL));
    expect(webChatCsp(REGIONAL)).toContain(`connect-src 'self' ${REGIONAL};`);
    expect(webChatCsp(REGIONAL)).toContain("script-src 'self';");
    expect(webChatCsp(REGIONAL)).toContain("frame-ancestors 'none'");
    expect(html).toContain(`data-direct-line="${REGIONAL}/v3/directline"`);
    expect(html).toContain(`data-surgery-id="${surgery.id}"`);
    expect(html).toContain('data-token-path="/api/directline/token"');
    expect(html).toContain('To check in on this page, you need JavaScript switched on');
    expect(html).not.toContain(SECRET);
    const scripts = [...html.matchAll(/<script src="([^"]+)" defer><\/script>/g)].map((m) => m[1]);
    expect(scripts).toEqual(['/public/webchat-4.18.1.js', '/public/resident-web-chat.js']);
    expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)/);

    const bundle = await get(`${app.app.url}${scripts[0]}`, { 'Accept-Encoding': 'gzip' });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const ours = await get(`${app.app.url}${scripts[1]}`);
    expect(ours.status).toBe(200);
    expect(ours.body.toString('utf8')).toContain('WEB_CHAT/SEND_POST_BACK');
  });

  it('When a browser accepts gzip, then the 4 MB Web Chat bundle goes compressed', async () => {
    const app = await started({ DIRECT_LINE_SECRET: SECRET });
    // node:http, not fetch, which would unzip it: what goes over the wire is what the phone downloads.
    const wire = await new Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }>((resolve, reject) => {
      http
        .get(`${app.app.url}/public/webchat-4.18.1.js`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
    const plain = (await get(`${app.app.url}/public/webchat-4.18.1.js`, { 'Accept-Encoding': 'identity' })).body;

    expect(wire.encoding).toBe('gzip');
    expect(wire.vary).toBe('Accept-Encoding');
    expect(gunzipSync(wire.body).equals(plain)).toBe(true);
    expect(wire.body.length).toBeLessThan(plain.length / 2);
  });

  it('When the surgery is not open yet, or there is no Direct Line, then there is no chat and no script on the page, and the usual policy', async () => {
    const app = await started({ DIRECT_LINE_SECRET: SECRET });
    const planned = await app.api.call('POST', '/api/surgeries', {
      ward: 'Abbey',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
    });
    const later = await get(`${app.app.url}/surgeries/${planned.body.id}`);
    expect(later.headers.get('content-security-policy')).toBe(RESIDENT_CSP);
    expect(later.body.toString('utf8')).not.toContain('<script');
    expect(later.body.toString('utf8')).not.toContain('data-web-chat');
    await app.stop();
    test = undefined;

    const signedIn = await startSignedInApp();
    try {
      const surgery = await (await signedIn.as(ADA)).openSurgery({ ward: 'E05000001' });
      const without = await get(`${signedIn.app.url}/surgeries/${surgery.id}`);
      expect(without.headers.get('content-security-policy')).toBe(RESIDENT_CSP);
      expect(RESIDENT_CSP).toContain("connect-src 'self';");
      expect(without.body.toString('utf8')).not.toContain('<script');
      expect(without.body.toString('utf8')).toContain('Web chat on this page is coming soon');
    } finally {
      await signedIn.stop();
    }
  });

  it("When the server runs in local mode with no Direct Line secret, then the open surgery's chat talks to the server itself, and nothing points to the Agents Playground", async () => {
    const app = await started();
    const surgery = await app.api.openSurgery();

    const page = await get(`${app.app.url}/surgeries/${surgery.id}`);
    const html = page.body.toString('utf8');

    expect(page.headers.get('content-security-policy')).toBe(webChatCsp());
    expect(webChatCsp()).toContain("connect-src 'self';");
    expect(html).toContain('data-direct-line="/v3/directline"');
    expect(html).toContain(`data-surgery-id="${surgery.id}" data-start="check_in"`);
    expect(html).not.toContain('Agents Playground');
  });

  it('When a surgery that takes bookings has not opened yet, then its page carries the chat, starting with the booking form, and says how to book', async () => {
    const app = await started({ DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_BASE_URL: REGIONAL });
    const planned = await app.api.call('POST', '/api/surgeries', {
      ward: 'Abbey',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
      mode: 'both',
    });

    const page = await get(`${app.app.url}/surgeries/${planned.body.id}`);
    const html = page.body.toString('utf8');
    expect(page.headers.get('content-security-policy')).toBe(webChatCsp(REGIONAL));
    expect(html).toContain(`data-surgery-id="${planned.body.id}" data-start="book"`);
    expect(html).toContain('To book a time, send the message “book” to our chat assistant');
    const ours = (await get(`${app.app.url}/public/resident-web-chat.js`)).body.toString('utf8');
    expect(ours).toContain("'choose_booking_surgery'");
  });

  it('When the page script is type-checked as strict TypeScript would, then it has no errors, and it uses nothing newer than ES2017 (Safari on older iPhones)', () => {
    const file = path.resolve(__dirname, '../../tab/static/resident-web-chat.js');
    const program = ts.createProgram([file], {
      allowJs: true,
      checkJs: true,
      noEmit: true,
      strict: true,
      target: ts.ScriptTarget.ES2017,
      lib: ['lib.es2017.d.ts', 'lib.dom.d.ts'],
      types: [],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });
});
