import net from 'node:net';
import { createGzip, deflateSync, gzipSync } from 'node:zlib';
import { BODY_TIMEOUT_MS, MAX_BODY_BYTES } from '../../bot/server/request-body';
import { closeRawConnections, isApiError, sendRaw } from '../support/fuzz';
import { TestApp, residentActivity, startTestApp } from '../support/test-app';

/** Every kind of route that takes a body: the bot, the tab's API, an officer's request, web chat's token, a resident's form. */
const ROUTES: [string, string, 'json' | 'form'][] = [
  ['the bot', '/api/messages', 'json'],
  ["the councillors' API", '/api/surgeries', 'json'],
  ["an officer's data request", '/api/data-requests/search', 'json'],
  ["web chat's token", '/api/directline/token', 'json'],
  ['a status page form', `/status/${'A'.repeat(43)}/leave`, 'form'],
  ['a booking page form', `/bookings/${'A'.repeat(43)}/cancel`, 'form'],
];
const TYPE = { json: 'application/json', form: 'application/x-www-form-urlencoded' };
const GOOD = { json: '{"ward":"Abbey"}', form: 'confirm=yes' };

/** Zeros compress about a thousand to one: a body under the limit that decodes to far more than the server could hold. */
async function gzipBomb(decodedBytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < decodedBytes; written += zeros.length) gzip.write(zeros);
  gzip.end();
  await ended;
  return Buffer.concat(chunks);
}

/** Opens a raw connection and writes `head`; the test decides what follows and when. */
function rawConnection(url: string, head: string): { socket: net.Socket; answer: Promise<string> } {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.write(head);
  const answer = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
  });
  return { socket, answer };
}

describe('Request bodies', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
  });

  afterAll(async () => {
    closeRawConnections();
    await test?.stop();
  });

  const alive = async () => expect((await sendRaw(test.app.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
  const post = (path: string, kind: 'json' | 'form', body: string | Buffer, headers: Record<string, string> = {}) =>
    sendRaw(test.app.url, { method: 'POST', path, headers: { 'Content-Type': TYPE[kind], ...headers }, body });
  /** A refusal the client can read: our JSON error on the API, a page on the resident pages. */
  const readable = (kind: 'json' | 'form', res: { body: string; headers: Record<string, unknown> }) =>
    kind === 'json' ? isApiError(res.body) : String(res.headers['content-type']).startsWith('text/html') && res.body.includes('</html>');

  describe.each(ROUTES)('When %s (%s) is sent', (_what, path, kind) => {
    it.each([
      ['15 bytes that are not gzip', 'gzip', Buffer.from('not gzip at all')],
      ['gzip cut short', 'gzip', gzipSync(GOOD[kind]).subarray(0, 12)],
      ['deflate that is garbage', 'deflate', Buffer.from('\u0078\u009cgarbage')],
    ])('%s (Content-Encoding: %s), then it is refused with 400 and the server stays up', async (_case, encoding, body) => {
      const res = await post(path, kind, body, { 'Content-Encoding': encoding });
      expect(res.status).toBe(400);
      expect(readable(kind, res)).toBe(true);
      await alive();
    });

    it('a body in an encoding the server does not read, then it is refused with 415 saying which it reads', async () => {
      for (const encoding of ['br', 'compress', 'gzip, gzip', 'zstd']) {
        const res = await post(path, kind, GOOD[kind], { 'Content-Encoding': encoding });
        expect(res.status).toBe(415);
        expect(res.headers['accept-encoding']).toBe('gzip, deflate');
        expect(readable(kind, res)).toBe(true);
      }
    });

    it('a body of the wrong type or character set, then it is refused with 415', async () => {
      const other = kind === 'json' ? 'form' : 'json';
      for (const type of [TYPE[other], 'text/plain', 'multipart/form-data; boundary=x', `${TYPE[kind]}; charset=latin1`, '']) {
        const res = await sendRaw(test.app.url, { method: 'POST', path, headers: { 'Content-Type': type }, body: GOOD[kind] });
        expect(res.status).toBe(415);
        expect(readable(kind, res)).toBe(true);
      }
    });

    it('a body over the limit, by its length or once decoded, then it is refused with 413', async () => {
      const big = `${'x'.repeat(MAX_BODY_BYTES + 1)}`;
      for (const [body, headers] of [
        [big, {}],
        [big, { 'Transfer-Encoding': 'chunked' }],
        [gzipSync(big), { 'Content-Encoding': 'gzip' }],
        [deflateSync(big), { 'Content-Encoding': 'deflate' }],
      ] as [string | Buffer, Record<string, string>][]) {
        const res = await post(path, kind, body, headers);
        expect(res.status).toBe(413);
        expect(readable(kind, res)).toBe(true);
      }
      await alive();
    });
  });

  it('When an activity arrives gzipped, deflated or in chunks, then the bot reads it and answers', async () => {
    const activity = (text: string) =>
      JSON.stringify(residentActivity(test.connector.url, 'msteams', `conv-encoded-${text}`, 'user-encoded', { text }));
    const sent = [
      await post('/api/messages', 'json', gzipSync(activity('gzip')), { 'Content-Encoding': 'gzip' }),
      await post('/api/messages', 'json', deflateSync(activity('deflate')), { 'Content-Encoding': 'deflate' }),
      await post('/api/messages', 'json', activity('chunked'), { 'Transfer-Encoding': 'chunked' }),
      await post('/api/messages', 'json', activity('identity'), { 'Content-Encoding': 'identity' }),
    ];
    expect(sent.map((res) => res.status)).toEqual([200, 200, 200, 200]);
    await test.app.settled();
    for (const text of ['gzip', 'deflate', 'chunked', 'identity'])
      expect(test.connector.to(`conv-encoded-${text}`).length).toBeGreaterThan(0);
  });

  it('When three gzip bombs of a quarter of a gigabyte each arrive, then each is refused with 413 and memory stays small', async () => {
    const bomb = await gzipBomb(256 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);
    const before = process.memoryUsage().rss;
    for (const path of ['/api/messages', '/api/data-requests/export', '/api/directline/token']) {
      const res = await post(path, 'json', bomb, { 'Content-Encoding': 'gzip' });
      expect(res.status).toBe(413);
    }
    // The server and this test share a process: had it inflated the bombs, this would be gigabytes.
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    await alive();
  });

  it('When JSON is not UTF-8 or not JSON, then it is refused with 400', async () => {
    for (const body of [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), '{"ward":', '{"a":'.repeat(2000)]) {
      const res = await post('/api/surgeries', 'json', body);
      expect(res.status).toBe(400);
      expect(isApiError(res.body)).toBe(true);
    }
  });

  it(
    'When a body says it is longer than it is and then trickles in, then it is refused with 408 and the connection closed',
    async () => {
      const { socket, answer } = rawConnection(
        test.app.url,
        'POST /api/surgeries HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"ward":',
      );
      // One byte a second: never idle for long, never done.
      const trickle = setInterval(() => socket.writable && socket.write(' '), 1000);
      try {
        const text = await answer;
        expect(text).toMatch(/^HTTP\/1\.1 408 /);
        expect(text).toContain('"code":"INPUT.TOO_SLOW"');
      } finally {
        clearInterval(trickle);
        socket.destroy();
      }
      await alive();
    },
    BODY_TIMEOUT_MS + 30_000,
  );

  it('When a body says it is shorter than it is, then the rest is refused as a broken request and the server stays up', async () => {
    const { socket, answer } = rawConnection(
      test.app.url,
      'POST /api/surgeries HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}garbage that is no request\r\n\r\n',
    );
    const text = await answer;
    socket.destroy();
    // The body is read as sent, {}: a surgery with no details, refused. The bytes after it are no request: Node refuses
    // them and drops the connection, sometimes before the first answer is written.
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).not.toMatch(/HTTP\/1\.1 [235]\d\d/);
    await alive();
  });
});
