import type { IncomingMessage } from 'node:http';
import { TokenBuckets, clientAddress, clientKey } from '../../bot/server/rate-limit';
import { FRAME_ANCESTORS } from '../../bot/server/security-headers';
import { closeRawConnections, isApiError, sendRaw } from '../support/fuzz';
import { startSignedInApp } from '../support/signed-in-app';
import { Resident, TestApp, startTestApp } from '../support/test-app';

const directives = (csp: string | null) =>
  new Map(
    (csp ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );

describe('Security headers', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp({ env: { TRUSTED_PROXY_HOPS: '1' } });
  });

  afterAll(async () => {
    closeRawConnections();
    await test?.stop();
  });

  it('When the tab page is served, then only Teams and Microsoft 365 hosts may frame it and only our own scripts run', async () => {
    const res = await fetch(`${test.app.url}/tab/`);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('frame-ancestors')).toEqual(FRAME_ANCESTORS);
    for (const host of [
      'https://teams.microsoft.com',
      'https://*.teams.microsoft.com',
      'https://*.cloud.microsoft',
      'https://*.office.com',
      'https://*.microsoft365.com',
    ]) {
      expect(csp.get('frame-ancestors')).toContain(host);
    }
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toContain("'self'");
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    ['the list of surgeries', 'GET', '/api/surgeries', undefined, 200],
    ['an unknown API address', 'GET', '/api/nothing-here', undefined, 404],
    ['a method an address does not take', 'DELETE', '/api/surgeries', undefined, 405],
    ['invalid JSON', 'POST', '/api/surgeries', '{"ward":', 400],
    ['an oversized body', 'POST', '/api/surgeries', JSON.stringify({ ward: 'x'.repeat(300 * 1024) }), 413],
  ])(
    'When the API answers %s, then browsers are told not to store it and nothing in it may run',
    async (_what, method, path, body, status) => {
      const res = await sendRaw(test.app.url, {
        method,
        path,
        headers: { 'Content-Type': 'application/json' },
        ...(body !== undefined ? { body } : {}),
      });
      expect(res.status).toBe(status);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(status < 400 || isApiError(res.body)).toBe(true);
    },
  );

  it.each([
    ['/api/nothing-here', 404, 'ROUTE.NOT_FOUND'],
    ['/api/surgeries', 405, 'ROUTE.METHOD_NOT_ALLOWED'],
  ])('When %s is refused by the router, then the answer says why in our own words', async (path, status, code) => {
    const res = await sendRaw(test.app.url, { method: 'PUT', path });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body)).toMatchObject({ code });
  });

  it('When a trusted proxy says the caller came over https, then browsers are told to keep to https', async () => {
    const secure = await sendRaw(test.app.url, {
      method: 'GET',
      path: '/healthz',
      headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.9' },
    });
    expect(secure.headers['strict-transport-security']).toBe('max-age=31536000');
    const plain = await sendRaw(test.app.url, { method: 'GET', path: '/healthz' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('Source maps', () => {
  let local: TestApp;
  let signedIn: TestApp;

  beforeAll(async () => {
    [local, signedIn] = await Promise.all([startTestApp(), startSignedInApp()]);
  });

  afterAll(async () => {
    closeRawConnections();
    await Promise.all([local?.stop(), signedIn?.stop()]);
  });

  it('When the server signs people in, then the tab bundle names no source map and the map is not served', async () => {
    const bundle = await fetch(`${signedIn.app.url}/tab/app.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('sourcemap')).toBeNull();
    expect(await bundle.text()).not.toContain('sourceMappingURL');
    const map = await sendRaw(signedIn.app.url, { method: 'GET', path: '/tab/app.js.map' });
    expect(map.status).toBe(404);
    expect(JSON.parse(map.body)).toEqual({ code: 'ROUTE.NOT_FOUND', message: 'There is nothing at this address.' });
  });

  it('When a browser asks for part of a tab file, even past its end, then it is sent the whole file', async () => {
    for (const range of ['bytes=99999999-', 'bytes=0-10', 'bytes=junk'])
      for (const file of ['/tab/', '/tab/app.js']) {
        const answer = await sendRaw(signedIn.app.url, { method: 'GET', path: file, headers: { Range: range } });
        expect({ range, file, status: answer.status }).toEqual({ range, file, status: 200 });
        expect(answer.body.length).toBeGreaterThan(100);
      }
  });

  it('When the server runs in local mode, then the tab bundle points to its source map and the map is served', async () => {
    const bundle = await fetch(`${local.app.url}/tab/app.js`);
    expect(bundle.headers.get('sourcemap')).toBe('app.js.map');
    await bundle.text();
    const map = await fetch(`${local.app.url}/tab/app.js.map`);
    expect(map.status).toBe(200);
    expect((await map.json()) as { sources: string[] }).toMatchObject({
      sources: expect.arrayContaining([expect.stringContaining('index.tsx')]),
    });
  });
});

describe('Rate limits', () => {
  let test: TestApp;

  afterEach(async () => {
    closeRawConnections();
    await test?.stop();
  });

  const from = (address: string) => ({ 'X-Forwarded-For': address });

  it('When one client makes too many requests, then it gets 429 with Retry-After and others are unaffected', async () => {
    test = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5', TRUSTED_PROXY_HOPS: '1' } });
    for (let n = 0; n < 5; n++)
      expect((await sendRaw(test.app.url, { method: 'GET', path: '/api/surgeries', headers: from('203.0.113.1:50000') })).status).toBe(200);

    const refused = await sendRaw(test.app.url, { method: 'GET', path: '/api/surgeries', headers: from('203.0.113.1:50001') });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(12);
    expect(JSON.parse(refused.body)).toEqual({ code: 'RATE.LIMITED', message: 'Too many requests. Please wait a moment and try again.' });
    expect(refused.headers['cache-control']).toBe('no-store');

    expect((await sendRaw(test.app.url, { method: 'GET', path: '/api/surgeries', headers: from('203.0.113.2') })).status).toBe(200);
  });

  it('When a client writes its own X-Forwarded-For entries, then it is still counted by the address the proxy saw', async () => {
    test = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3', TRUSTED_PROXY_HOPS: '1' } });
    for (let n = 0; n < 3; n++)
      await sendRaw(test.app.url, { method: 'GET', path: '/healthz', headers: from(`198.51.100.${n}, 203.0.113.1`) });
    expect((await sendRaw(test.app.url, { method: 'GET', path: '/healthz', headers: from('198.51.100.77, 203.0.113.1') })).status).toBe(
      429,
    );
  });

  it('When no proxy is trusted, then X-Forwarded-For is ignored and cannot buy a fresh allowance', async () => {
    test = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    for (let n = 0; n < 3; n++) await sendRaw(test.app.url, { method: 'GET', path: '/tab/', headers: from(`203.0.113.${n}`) });
    expect((await sendRaw(test.app.url, { method: 'GET', path: '/tab/', headers: from('203.0.113.99') })).status).toBe(429);
  });

  it('When one conversation sends too many activities, then it gets 429 and other residents are still answered', async () => {
    test = await startTestApp({ env: { CHAT_RATE_LIMIT_PER_MINUTE: '3' } });
    const busy = new Resident(test);
    for (let n = 0; n < 3; n++) expect(await busy.says('help')).toBe(200);
    expect(await busy.says('help')).toBe(429);
    expect(busy.received).toHaveLength(3);

    const other = new Resident(test);
    expect(await other.says('help')).toBe(200);
  });

  it('When one address floods /api/messages, then it is refused before the activity is read', async () => {
    test = await startTestApp({ env: { BOT_RATE_LIMIT_PER_MINUTE: '2' } });
    expect(await new Resident(test).says('help')).toBe(200);
    expect(await new Resident(test).says('help')).toBe(200);
    expect(await new Resident(test).says('help')).toBe(429);
    // The councillors' API has its own allowance.
    expect((await test.api.call('GET', '/api/surgeries')).status).toBe(200);
  });
});

describe('Token buckets', () => {
  it('When a key has used its minute, then it waits for tokens to drip back and other keys do not', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, () => now);
    for (let n = 0; n < 60; n++) expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBe(0);
    now += 1000;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
  });

  it('When the limit is low, then Retry-After is the whole seconds until the next token', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, () => now);
    buckets.take('a');
    buckets.take('a');
    expect(buckets.take('a')).toBe(30);
    now += 29_000;
    expect(buckets.take('a')).toBe(1);
  });

  it('When keys have been quiet for a minute, then they are forgotten', () => {
    let now = 0;
    const buckets = new TokenBuckets(10, () => now);
    for (let n = 0; n < 100; n++) buckets.take(`conversation ${n}`);
    now += 61_000;
    buckets.take('fresh');
    expect(buckets.size).toBe(1);
  });
});

describe('Telling clients apart', () => {
  const request = (remoteAddress: string, forwardedFor?: string) =>
    ({
      socket: { remoteAddress },
      headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    }) as unknown as IncomingMessage;

  it.each([
    ['no proxy trusted', request('10.0.0.1', '203.0.113.5'), 0, '10.0.0.1'],
    ['App Service adding a port', request('10.0.0.1', '203.0.113.5:51234'), 1, '203.0.113.5'],
    ['a client writing its own entry first', request('10.0.0.1', '1.1.1.1, 203.0.113.5:443'), 1, '203.0.113.5'],
    ['two proxies', request('10.0.0.1', '203.0.113.5, 10.0.0.7'), 2, '203.0.113.5'],
    ['fewer entries than proxies', request('10.0.0.1', '203.0.113.5'), 2, '10.0.0.1'],
    ['a bracketed IPv6 address with a port', request('10.0.0.1', '[2001:db8::1]:443'), 1, '2001:db8::1'],
  ])('When behind %s, then the client is the right address', (_what, req, hops, address) => {
    expect(clientAddress(req, hops)).toBe(address);
  });

  it.each([
    ['203.0.113.5', '203.0.113.5'],
    ['::ffff:203.0.113.5', '203.0.113.5'],
    ['2001:db8:1:2:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:bbbb:cccc:dddd:eeee', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('When the address is %s, then it is counted as %s (an IPv6 home or phone has a whole /64)', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });
});
