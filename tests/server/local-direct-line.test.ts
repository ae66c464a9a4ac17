import { startSignedInApp } from '../support/signed-in-app';
import { startTestApp, TestApp } from '../support/test-app';

interface Activity {
  id: string;
  type: string;
  from: { id: string; role?: string };
  text?: string;
  value?: unknown;
  attachments?: Array<{ contentType: string; content: { body?: unknown[] } }>;
}

/** Web Chat's side of Direct Line 3.0, as botframework-directlinejs calls it when polling. */
class WebChatClient {
  conversationId = '';
  watermark = '';

  constructor(
    private readonly baseUrl: string,
    public token: string,
  ) {}

  call(method: string, path: string, body?: unknown, token = this.token) {
    return fetch(`${this.baseUrl}/v3/directline${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  }

  async start(): Promise<void> {
    const started = await this.call('POST', '/conversations');
    expect(started.status).toBe(201);
    this.conversationId = ((await started.json()) as { conversationId: string }).conversationId;
  }

  async send(activity: Record<string, unknown>): Promise<Response> {
    return this.call('POST', `/conversations/${this.conversationId}/activities`, activity);
  }

  /** The activities after the last poll's watermark. */
  async poll(): Promise<Activity[]> {
    const answer = await this.call('GET', `/conversations/${this.conversationId}/activities?watermark=${this.watermark}`);
    expect(answer.status).toBe(200);
    const set = (await answer.json()) as { activities: Activity[]; watermark: string };
    this.watermark = set.watermark;
    return set.activities;
  }
}

async function newChat(baseUrl: string): Promise<WebChatClient> {
  const answer = await fetch(`${baseUrl}/api/directline/token`, { method: 'POST' });
  expect(answer.status).toBe(200);
  const { token, userId } = (await answer.json()) as { token: string; userId: string };
  expect(userId).toMatch(/^dl_/);
  const chat = new WebChatClient(baseUrl, token);
  await chat.start();
  return chat;
}

const cardText = (activity: Activity) => JSON.stringify(activity.attachments?.map((a) => a.content) ?? []);

/** Checks a resident in through the page's chat, as Web Chat sends the form's button; returns every activity they were sent. */
async function checksIn(chat: WebChatClient, surgeryId: string, name: string): Promise<Activity[]> {
  await chat.send({ type: 'message', value: { action: 'choose_surgery', surgeryId } });
  const form = (await chat.poll()).flatMap((a) => a.attachments ?? []).find((a) => JSON.stringify(a.content).includes('"check_in"'));
  const data = (form!.content as { actions: Array<{ data: Record<string, unknown> }> }).actions[0]!.data;
  expect((await chat.send({ type: 'message', value: { ...data, name, postcode: 'SW1A 1AA', issue: 'Parking' } })).status).toBe(200);
  return chat.poll();
}

describe("Local mode's own Direct Line, over real HTTP", () => {
  let test: TestApp | undefined;

  afterEach(async () => {
    await test?.stop();
    test = undefined;
  });

  it("When a resident's page starts a chat and asks for the open surgery, then the bot's check-in form comes back on the next poll, and the watermark moves past it", async () => {
    test = await startTestApp();
    const surgery = await test.api.openSurgery({ ward: 'Abbey' });
    const chat = await newChat(test.app.url);

    const sent = await chat.send({
      type: 'message',
      value: { action: 'choose_surgery', surgeryId: surgery.id },
      from: { id: 'someone-else' },
    });

    expect(sent.status).toBe(200);
    const activities = await chat.poll();
    const [own, ...replies] = activities;
    // Direct Line says who the token was given to, whoever the page claims to be.
    expect(own).toMatchObject({ type: 'message', from: { role: 'user' }, value: { action: 'choose_surgery', surgeryId: surgery.id } });
    expect(own!.from.id).toMatch(/^dl_/);
    expect(replies.map((reply) => reply.from.role)).toEqual(replies.map(() => 'bot'));
    expect(replies.map(cardText).join()).toContain('Check in for the Abbey surgery');
    expect(await chat.poll()).toEqual([]);
    // The resident's pages are the only client: the bot's replies came back through this server, not the test's connector.
    expect(test.connector.calls).toEqual([]);
  });

  it('When two residents chat at once, then each sees only the replies to their own conversation', async () => {
    test = await startTestApp();
    const surgery = await test.api.openSurgery();
    const [jane, sam] = await Promise.all([newChat(test.app.url), newChat(test.app.url)]);

    await jane.send({ type: 'message', value: { action: 'choose_surgery', surgeryId: surgery.id } });
    await sam.send({ type: 'message', text: 'hello' });

    const [janes, sams] = await Promise.all([jane.poll(), sam.poll()]);
    expect(janes.map((a) => a.id.split('|')[0])).toEqual(janes.map(() => jane.conversationId));
    expect(sams.map((a) => a.id.split('|')[0])).toEqual(sams.map(() => sam.conversationId));
    expect(sams.find((a) => a.from.role === 'user')?.text).toBe('hello');
    expect(jane.conversationId).not.toBe(sam.conversationId);
  });

  it('When Web Chat refreshes its token, then the new one works and the old one no longer does', async () => {
    test = await startTestApp();
    const chat = await newChat(test.app.url);
    const old = chat.token;

    const refreshed = await chat.call('POST', '/tokens/refresh');

    expect(refreshed.status).toBe(200);
    const session = (await refreshed.json()) as { conversationId: string; token: string; expires_in: number };
    expect(session).toMatchObject({ conversationId: chat.conversationId, expires_in: 3600 });
    chat.token = session.token;
    expect((await chat.call('GET', `/conversations/${chat.conversationId}/activities`)).status).toBe(200);
    expect((await chat.call('GET', `/conversations/${chat.conversationId}/activities`, undefined, old)).status).toBe(403);
  });

  it.each<[string, number, (chat: WebChatClient, other: WebChatClient) => Promise<Response>]>([
    ['no token', 403, (chat) => chat.call('GET', `/conversations/${chat.conversationId}/activities`, undefined, '')],
    ['a token nobody was given', 403, (chat) => chat.call('POST', '/conversations', undefined, 'made-up-token')],
    ["another resident's conversation", 403, (chat, other) => chat.call('GET', `/conversations/${other.conversationId}/activities`)],
    [
      "a post to another resident's conversation",
      403,
      (chat, other) => chat.call('POST', `/conversations/${other.conversationId}/activities`, { type: 'message', text: 'hi' }),
    ],
    ['an activity that is a list', 400, (chat) => chat.send([{ type: 'message' }] as unknown as Record<string, unknown>)],
    ['an activity of a type a resident never sends', 400, (chat) => chat.send({ type: 'invoke', name: 'adaptiveCard/action' })],
    ['a body that is not JSON', 400, (chat) => chat.call('POST', `/conversations/${chat.conversationId}/activities`, '{"type":')],
  ])('When a page sends %s, then it is refused with %i and the bot is told nothing', async (_what, status, send) => {
    test = await startTestApp();
    const [chat, other] = await Promise.all([newChat(test.app.url), newChat(test.app.url)]);

    expect((await send(chat, other)).status).toBe(status);

    expect(await chat.poll()).toEqual([]);
    expect(await other.poll()).toEqual([]);
  });

  it('When councillors admit residents ahead of a web chat resident, then each move reaches them as a new card with their new place, and nothing is marked undelivered', async () => {
    test = await startTestApp();
    const surgery = await test.api.openSurgery({ ward: 'Abbey' });
    const [ann, ben, cat] = await Promise.all([newChat(test.app.url), newChat(test.app.url), newChat(test.app.url)]);
    await checksIn(ann, surgery.id, 'Ann Lee');
    await checksIn(ben, surgery.id, 'Ben Ode');
    const first = await checksIn(cat, surgery.id, 'Cat Orr');
    expect(first.map(cardText).join()).toContain('3rd');

    const seen = [...first];
    for (const [admitted, place] of [
      [ann, '2nd'],
      [ben, '1st: you are next'],
    ] as const) {
      expect((await test.api.admitNext(surgery.id)).status).toBe(200);
      await test.app.settled();
      const news = await cat.poll();
      expect(news.map((a) => a.from.role)).toEqual(news.map(() => 'bot'));
      expect(news.map(cardText).join()).toContain(place);
      seen.push(...news);
      expect((await admitted.poll()).map(cardText).join()).toContain('It is your turn');
    }

    // Every card is a message of its own: nothing was changed in place (Direct Line would refuse it with 405).
    expect(new Set(seen.map((a) => a.id)).size).toBe(seen.length);
    const view = await test.api.queue(surgery.id);
    expect(view.active.map((r) => [r.lobbyTag, r.lastMessage?.delivered ?? true])).toEqual([
      ['Ann L · A1', true],
      ['Ben O · A2', true],
      ['Cat O · A3', true],
    ]);
    expect(test.connector.calls).toEqual([]);
  });

  it.each(['PUT', 'DELETE'])(
    "When the bot tries to %s one of its messages, then it is told 405 in Azure's Direct Line's words and the resident's chat is unchanged",
    async (method) => {
      test = await startTestApp();
      const surgery = await test.api.openSurgery({ ward: 'Abbey' });
      const chat = await newChat(test.app.url);
      await chat.send({ type: 'message', value: { action: 'choose_surgery', surgeryId: surgery.id } });
      const before = await chat.poll();
      const form = before.find((activity) => activity.from.role === 'bot')!;

      const answer = await fetch(`${test.app.url}/v3/conversations/${chat.conversationId}/activities/${encodeURIComponent(form.id)}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'You are number 1 in the queue.' }),
      });

      // As https://github.com/microsoft/botframework-sdk/issues/4734 and https://github.com/microsoft/BotFramework-WebChat/issues/3709 report it.
      expect(answer.status).toBe(405);
      expect(await answer.json()).toEqual({ error: { code: 'BadArgument', message: 'This channel does not support this operation' } });
      expect(await chat.poll()).toEqual([]);
    },
  );

  it('When the bot writes to a conversation this server never started, then it is told 404, as a closed chat', async () => {
    test = await startTestApp();

    const answer = await fetch(`${test.app.url}/v3/conversations/nosuchconversation/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'Your turn' }),
    });

    expect(answer.status).toBe(404);
  });
});

describe("Local mode's Direct Line outside local mode", () => {
  it('When the server runs signed in, then none of its Direct Line or connector addresses exists, and no web chat token is given without a secret', async () => {
    const signedIn = await startSignedInApp();
    try {
      const asked = [
        ['POST', '/v3/directline/conversations'],
        ['POST', '/v3/directline/tokens/refresh'],
        ['GET', '/v3/directline/conversations/local0/activities?watermark=0'],
        ['POST', '/v3/directline/conversations/local0/activities'],
        ['POST', '/v3/conversations/local0/activities'],
        ['POST', '/v3/conversations/local0/activities/reply1'],
        ['PUT', '/v3/conversations/local0/activities/reply1'],
        ['DELETE', '/v3/conversations/local0/activities/reply1'],
      ];
      for (const [method, path] of asked) {
        const answer = await fetch(`${signedIn.app.url}${path}`, {
          method: method!,
          headers: { Authorization: 'Bearer anything', 'Content-Type': 'application/json' },
          ...(method === 'GET' ? {} : { body: JSON.stringify({ type: 'message', text: 'hi' }) }),
        });
        expect([method, path, answer.status]).toEqual([method, path, 404]);
      }
      const token = await fetch(`${signedIn.app.url}/api/directline/token`, { method: 'POST' });
      expect(token.status).toBe(404);
      expect(await token.json()).toMatchObject({ code: 'DIRECTLINE.NOT_SET_UP' });
      expect(signedIn.connector.calls).toEqual([]);
    } finally {
      await signedIn.stop();
    }
  });
});
