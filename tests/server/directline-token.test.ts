import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, TestApp } from '../support/test-app';

const SECRET = 'direct-line-secret-never-sent-out';

/** Stands in for Direct Line's token service, recording what it was asked. */
class FakeDirectLine {
  readonly requests: Array<{ path: string; authorization: string | undefined; body: any }> = [];
  status = 200;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer(async (req: IncomingMessage, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      this.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body: JSON.parse(text) });
      res.writeHead(this.status, { 'Content-Type': 'application/json' });
      res.end(
        this.status === 200
          ? JSON.stringify({ conversationId: 'conv-1', token: 'short-lived-token', expires_in: 3600 })
          : '{"error":{"code":"BadArgument"}}',
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

describe('POST /api/directline/token', () => {
  let test: TestApp | undefined;
  let directLine: FakeDirectLine;

  afterEach(async () => {
    await test?.stop();
    await directLine?.stop();
    test = undefined;
  });

  it('When web chat asks for a token, then the server trades its secret for one bound to a new user id, and never sends the secret', async () => {
    directLine = new FakeDirectLine();
    test = await startTestApp({ env: { DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_BASE_URL: await directLine.start() } });

    const first = await test.api.call('POST', '/api/directline/token');
    const second = await test.api.call('POST', '/api/directline/token');

    expect(first.status).toBe(200);
    expect(first.body).toEqual({ token: 'short-lived-token', expiresIn: 3600, userId: expect.stringMatching(/^dl_[A-Za-z0-9_-]{22}$/) });
    expect(second.body.userId).not.toBe(first.body.userId);
    expect(JSON.stringify(first.body)).not.toContain(SECRET);
    expect(directLine.requests[0]).toEqual({
      path: '/v3/directline/tokens/generate',
      authorization: `Bearer ${SECRET}`,
      body: { user: { id: first.body.userId } },
    });
  });

  it('When Direct Line refuses, then the answer is 502 in plain words', async () => {
    directLine = new FakeDirectLine();
    directLine.status = 403;
    test = await startTestApp({ env: { DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_BASE_URL: await directLine.start() } });

    const answer = await test.api.call('POST', '/api/directline/token');

    expect(answer.status).toBe(502);
    expect(answer.body).toEqual({
      code: 'DIRECTLINE.UNAVAILABLE',
      message: 'Web chat cannot start just now. Please try again in a moment.',
    });
  });

  it('When no Direct Line secret is set in local mode, then the token is for the server’s own Direct Line, and Azure is asked for nothing', async () => {
    directLine = new FakeDirectLine();
    test = await startTestApp({ env: { DIRECT_LINE_BASE_URL: await directLine.start() } });

    const answer = await test.api.call('POST', '/api/directline/token');

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token: expect.any(String), userId: expect.stringMatching(/^dl_/), expiresIn: 3600 });
    expect(directLine.requests).toEqual([]);
  });
});

describe('POST /api/directline/token, its own limit', () => {
  let test: TestApp;
  let directLine: FakeDirectLine;

  beforeAll(async () => {
    directLine = new FakeDirectLine();
    test = await startTestApp({
      env: { DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_BASE_URL: await directLine.start(), TRUSTED_PROXY_HOPS: '1' },
    });
  });

  afterAll(async () => {
    await test?.stop();
    await directLine?.stop();
  });

  const from = (address: string) => ({ 'X-Forwarded-For': address });

  it('When one address asks for more than 10 web chats in a minute, then it is refused with 429 and nobody else is', async () => {
    for (let n = 0; n < 10; n++)
      expect((await test.api.call('POST', '/api/directline/token', undefined, from('203.0.113.7'))).status).toBe(200);
    for (const path of ['/api/directline/token', '/api/directline/token?again=1']) {
      const refused = await test.api.call('POST', path, undefined, from('203.0.113.7'));
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'RATE.LIMITED' });
    }
    expect(directLine.requests).toHaveLength(10);

    expect((await test.api.call('POST', '/api/directline/token', undefined, from('203.0.113.8'))).status).toBe(200);
    expect((await test.api.call('GET', '/api/info', undefined, from('203.0.113.7'))).status).toBe(200);
  });
});
