import { Resident, TestApp, startTestApp } from '../support/test-app';
import { cardOf, textOf } from '../support/recording-connector';

describe('Checking in with the bot', () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await startTestApp();
  });

  afterEach(async () => {
    await test?.stop();
  });

  const lastText = (resident: Resident) => textOf(resident.lastReceived()!.activity);

  it('When the details are wrong, then the form comes back with what to fix and what they typed, and nothing is saved', async () => {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test);
    await jane.checksIn({ name: '  ', postcode: 'NOT A POSTCODE', issue: 'x'.repeat(501), contact: '12345', accessNeeds: 'Large print' });

    const form = cardOf(jane.lastReceived()!.activity)!;
    const text = lastText(jane);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Enter your name.');
    expect(text).toContain('Enter a real UK postcode, like SW1A 1AA.');
    expect(text).toContain('What it is about must be 500 characters or fewer. You have 501.');
    expect(text).toContain('Enter a UK mobile number, like 07700 900123, or an email address.');
    const inputs = Object.fromEntries(
      form.body.filter((e: { type: string }) => e.type === 'Input.Text').map((e: { id: string; value?: string }) => [e.id, e.value]),
    );
    expect(inputs).toMatchObject({ postcode: 'NOT A POSTCODE', contact: '12345', accessNeeds: 'Large print' });
    expect((await test.api.queue(surgery.id)).active).toEqual([]);

    await jane.submits({
      ...form.actions[0].data,
      name: 'Jane Smith',
      postcode: 'SW1A 1AA',
      issue: 'Parking',
      contact: '',
      accessNeeds: '',
    });
    expect(lastText(jane)).toContain('You are in the queue');
    expect((await test.api.queue(surgery.id)).active.map((r) => r.lobbyTag)).toEqual(['Jane S · A1']);
  });

  it('When no surgery is open, then the bot says when the next one is', async () => {
    await test.api.call('POST', '/api/surgeries', {
      ward: 'Castle',
      startsAt: '2099-12-01T18:00:00Z',
      endsAt: '2099-12-01T20:00:00Z',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
      councillors: ['Cllr Ann Bee'],
    });
    const jane = new Resident(test, 'webchat');
    await jane.says('hello');
    expect(lastText(jane)).toBe(
      'There is no surgery open right now. The next one is the Castle surgery on Tuesday 1 December, 6pm to 8pm. Message me then to join the queue.',
    );
  });

  it('When no surgery is planned at all, then the bot says so plainly, with a working link to where dates will be listed', async () => {
    const jane = new Resident(test);
    await jane.says('hello');
    expect(lastText(jane)).toContain('none is planned yet');
    const link = /New dates are listed at (\S+)$/.exec(lastText(jane))![1]!;
    expect(link).toMatch(/\/surgeries$/);
    const page = await fetch(`${test.app.url}${new URL(link).pathname}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('surgeries');
  });

  describe('with several surgeries open', () => {
    const formOf = (resident: Resident) => cardOf(resident.lastReceived()!.activity)!;
    /** The form's inputs, wherever they sit, by id. */
    const inputsOf = (card: unknown): Record<string, { value?: string; choices?: { title: string; value: string }[] }> => {
      const found: Record<string, { value?: string; choices?: { title: string; value: string }[] }> = {};
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(visit);
        else if (node && typeof node === 'object') {
          const element = node as { type?: string; id?: string };
          if (element.type?.startsWith('Input.') && element.id) found[element.id] = element as never;
          Object.values(node).forEach(visit);
        }
      };
      visit(card);
      return found;
    };

    it('When a resident says hello, then one form asks which surgery beside their details, and they are checked in to the one they choose', async () => {
      const abbey = await test.api.openSurgery({ ward: 'Abbey' });
      const castle = await test.api.openSurgery({ ward: 'Castle' });
      const jane = new Resident(test);

      await jane.says('hello');
      const form = formOf(jane);
      const inputs = inputsOf(form.body);
      expect(jane.received).toHaveLength(1);
      expect(textOf(jane.lastReceived()!.activity)).toContain('Check in for a surgery');
      expect(inputs.surgeryId!.choices!.map((c) => c.value)).toEqual([abbey.id, castle.id]);
      expect(inputs.surgeryId!.choices!.map((c) => c.title.split(':')[0])).toEqual(['Abbey', 'Castle']);
      expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['surgeryId', 'name', 'postcode', 'issue']));
      expect(form.actions[0].data).not.toHaveProperty('surgeryId');

      await jane.send({
        value: { ...form.actions[0].data, surgeryId: castle.id, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' },
      });

      expect(textOf(jane.lastReceived()!.activity)).toContain('You are in the queue');
      expect((await test.api.queue(castle.id)).active.map((row) => row.name)).toEqual(['Jane Smith']);
      expect((await test.api.queue(abbey.id)).active).toEqual([]);
    });

    it('When the form comes back without a surgery chosen, then it is shown again saying to choose one, with what they typed still there', async () => {
      await test.api.openSurgery({ ward: 'Abbey' });
      await test.api.openSurgery({ ward: 'Castle' });
      const jane = new Resident(test);
      await jane.says('hello');

      await jane.send({ value: { ...formOf(jane).actions[0].data, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' } });

      const again = formOf(jane);
      const inputs = inputsOf(again.body);
      expect(textOf(jane.lastReceived()!.activity)).toContain('Check in for a surgery');
      expect(JSON.stringify(again.body)).toContain('Choose the surgery you are here for.');
      expect(inputs.surgeryId!.choices).toHaveLength(2);
      expect([inputs.name!.value, inputs.postcode!.value, inputs.issue!.value]).toEqual(['Jane Smith', 'SW1A 1AA', 'Parking']);
    });

    it('When a surgery chosen in the form has closed since, then the resident is told and offered the form for the one still open', async () => {
      const abbey = await test.api.openSurgery({ ward: 'Abbey' });
      const castle = await test.api.openSurgery({ ward: 'Castle' });
      const jane = new Resident(test);
      await jane.says('hello');
      const form = formOf(jane);
      expect((await test.api.call('POST', `/api/surgeries/${abbey.id}/end`, {})).status).toBe(200);

      await jane.send({
        value: { ...form.actions[0].data, surgeryId: abbey.id, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' },
      });

      const texts = jane.received.slice(1).map((c) => textOf(c.activity));
      expect(texts.join(' ')).toContain('That surgery is not open now');
      expect(formOf(jane).actions[0].data).toMatchObject({ action: 'check_in', surgeryId: castle.id });
    });

    it('When one open surgery sees residents by appointment only, then the form offers the others and tells booked residents to send their reference', async () => {
      await test.api.openSurgery({ ward: 'Abbey', mode: 'bookings' });
      const castle = await test.api.openSurgery({ ward: 'Castle' });
      const dale = await test.api.openSurgery({ ward: 'Dale' });
      const jane = new Resident(test);

      await jane.says('hello');

      const form = formOf(jane);
      expect(inputsOf(form.body).surgeryId!.choices!.map((c) => c.value)).toEqual([castle.id, dale.id]);
      expect(JSON.stringify(form.body)).toContain(
        'The Abbey surgery sees residents by appointment. If you have booked, send me your booking reference instead',
      );
    });
  });

  it('When a resident starts the chat on the surgery page, then they get one check-in form', async () => {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test, 'directline');
    // What Direct Line and the page send first: the resident joining, then the page's request for this surgery's form.
    await jane.send({ type: 'conversationUpdate', membersAdded: [{ id: jane.userId }] });
    await jane.submits({ action: 'choose_surgery', surgeryId: surgery.id });

    const forms = jane.received.filter((c) => cardOf(c.activity)?.actions?.[0]?.data?.action === 'check_in');
    expect(forms).toHaveLength(1);
  });

  it('When a web chat submit names the form it came from, then the place card still comes as a new message: Direct Line cannot update one', async () => {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test, 'directline');
    await jane.submits({ action: 'choose_surgery', surgeryId: surgery.id });
    const form = jane.lastReceived()!;

    await jane.send({
      value: { ...cardOf(form.activity)!.actions[0].data, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' },
      replyToId: form.resultId,
    });

    expect(jane.received.map((c) => c.method)).toEqual(['POST', 'POST']);
    expect(textOf(jane.lastReceived()!.activity)).toContain('You are in the queue');
    expect(test.connector.failed).toEqual([]);
  });

  it('When a web chat resident leaves from the chat, then the reply is the last word: no second message says so and no card is updated', async () => {
    await test.api.openSurgery();
    const jane = new Resident(test, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' });

    await jane.says('leave');
    await test.app.settled();

    expect(textOf(jane.lastReceived()!.activity)).toContain('You have left the queue');
    expect(jane.received.filter((c) => textOf(c.activity).includes('You left the queue.'))).toEqual([]);
    expect(jane.received.map((c) => c.method)).not.toContain('PUT');
    expect(test.connector.failed).toEqual([]);
  });

  it("When a web chat resident presses Leave on a card from an earlier visit, then they stay in the queue and read their place; their latest card's Leave works", async () => {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test, 'webchat');
    const leaveOn = (call: { activity: Record<string, any> }) =>
      (cardOf(call.activity)?.actions ?? []).find((a: { data?: { action?: string } }) => a.data?.action === 'leave')?.data;
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' });
    const firstCard = leaveOn(jane.lastReceived()!);
    await jane.says('leave');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking, again' });
    const latestCard = leaveOn(jane.lastReceived()!);
    expect(firstCard.visitId).not.toBe(latestCard.visitId);

    await jane.submits(firstCard);

    const said = jane.received.slice(-2).map((c) => textOf(c.activity));
    expect(said[0]).toContain('That button was on a card from an earlier visit, so you are still in the queue.');
    expect(said[1]).toContain('You are in the queue');
    expect((await test.api.queue(surgery.id)).active.map((row) => row.issue)).toEqual(['Parking, again']);

    await jane.submits(latestCard);

    expect(lastText(jane)).toContain('You have left the queue');
    expect((await test.api.queue(surgery.id)).active).toEqual([]);
  });

  it('When a resident adds the bot in Teams, then they get one check-in form without asking', async () => {
    await test.api.openSurgery();
    const jane = new Resident(test);
    await jane.send({ type: 'conversationUpdate', membersAdded: [{ id: jane.userId }, { id: 'bot' }] });

    expect(jane.received.map((c) => textOf(c.activity))).toEqual([expect.stringContaining('Check in for the')]);
  });

  it('When the surgery ends between showing the form and sending it, then the resident is told kindly and not queued', async () => {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test);
    await jane.says('hello');
    const form = cardOf(jane.lastReceived()!.activity)!;
    await test.api.call('POST', `/api/surgeries/${surgery.id}/end`);

    await jane.submits({ ...form.actions[0].data, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' });
    expect(jane.received.map((c) => textOf(c.activity)).join('\n')).toContain('That surgery is not open now, so I could not check you in.');
    expect((await test.api.queue(surgery.id)).finished).toEqual([]);
  });

  it('When the form is sent twice, then the resident is queued once', async () => {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test);
    await jane.says('hello');
    const submit = {
      ...cardOf(jane.lastReceived()!.activity)!.actions[0].data,
      name: 'Jane Smith',
      postcode: 'SW1A 1AA',
      issue: 'Parking',
    };
    await jane.submits(submit);
    await jane.submits(submit);
    expect(jane.received.map((c) => textOf(c.activity)).join('\n')).toContain('You are already in a queue.');
    expect((await test.api.queue(surgery.id)).active).toHaveLength(1);
  });

  it('When residents send their form twice at once, then each is queued once and their next message gets their place, not a new form', async () => {
    const surgery = await test.api.openSurgery();
    // Which of the two sends wins the queue and which keeps the chat is down to timing: six residents make a
    // chat left pointing at the losing send's visit all but certain to happen at least once.
    const residents = Array.from({ length: 6 }, () => new Resident(test));
    await Promise.all(
      residents.map(async (resident, i) => {
        await resident.says('hello');
        const form = cardOf(resident.lastReceived()!.activity)!;
        const submit = { ...form.actions[0].data, name: `Resident ${'ABCDEF'[i]}`, postcode: 'SW1A 1AA', issue: 'Parking' };
        await Promise.all([resident.submits(submit), resident.submits(submit)]);
      }),
    );
    expect((await test.api.queue(surgery.id)).active).toHaveLength(6);

    for (const resident of residents) {
      await resident.says('hello');
      expect(lastText(resident)).toMatch(/in the queue|You are number|place/i);
      expect(cardOf(resident.lastReceived()!.activity)?.actions?.[0]?.data?.action).not.toBe('check_in');
    }
  });

  it.each([
    ['made up', 'W/"datetime\'2020-01-01T00%3A00%3A00.0000000Z\'"'],
    ['a wildcard', '*'],
    ['not a version at all', { not: 'a string' }],
  ])('When the chat version a form carries is %s, then the resident is still checked in once', async (_what, chatVersion) => {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test);
    await jane.says('hello');
    const form = cardOf(jane.lastReceived()!.activity)!;
    expect(form.actions[0].data.chatVersion).toEqual(expect.any(String));

    await jane.submits({ ...form.actions[0].data, chatVersion, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' });
    await jane.submits({ ...form.actions[0].data, chatVersion, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' });

    expect(jane.received.map((c) => textOf(c.activity)).join('\n')).toContain('You are already in a queue.');
    expect((await test.api.queue(surgery.id)).active.map((r) => r.lobbyTag)).toEqual(['Jane S · A1']);
    await jane.says('hello');
    expect(lastText(jane)).toContain('Jane S · A1');
  });

  it('When a resident in one queue sends the form of another surgery offered before she checked in, then she is told she is already in a queue', async () => {
    const abbey = await test.api.openSurgery({ ward: 'Abbey' });
    const castle = await test.api.openSurgery({ ward: 'Castle' });
    const jane = new Resident(test);
    // Each "hello" brings a form that asks which surgery; she picks one in each.
    const formFor = async (surgeryId: string) => {
      await jane.says('hello');
      return { ...cardOf(jane.lastReceived()!.activity)!.actions[0].data, surgeryId };
    };
    const abbeyForm = await formFor(abbey.id);
    const castleForm = await formFor(castle.id);

    await jane.submits({ ...abbeyForm, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' });
    await jane.submits({ ...castleForm, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' });

    expect(lastText(jane)).toContain('You are in the queue');
    expect(jane.received.map((c) => textOf(c.activity)).join('\n')).toContain('You are already in a queue.');
    expect((await test.api.queue(abbey.id)).active).toHaveLength(1);
    expect((await test.api.queue(castle.id)).active).toEqual([]);
  });

  it("When a resident checks in from the form in Teams, then their place card takes the form's place, and a move of the queue updates it there", async () => {
    const surgery = await test.api.openSurgery();
    await new Resident(test).checksIn({ name: 'Ann Lee', postcode: 'SW1A 1AA', issue: 'Bins' });
    const jane = new Resident(test);
    await jane.says('hello');
    const form = jane.lastReceived()!;

    await jane.send({
      value: { ...cardOf(form.activity)!.actions[0].data, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' },
      replyToId: form.resultId,
    });

    expect(jane.received).toHaveLength(2);
    expect(jane.lastReceived()).toMatchObject({ method: 'PUT', activityId: form.resultId });
    expect(lastText(jane)).toContain('Jane S · A2');
    expect(lastText(jane)).toContain('2nd');
    await test.api.admitNext(surgery.id);
    await test.app.settled();
    expect(jane.received).toHaveLength(3);
    expect(jane.lastReceived()).toMatchObject({ method: 'PUT', activityId: form.resultId });
    expect(lastText(jane)).toContain('1st: you are next');
  });

  it('When a resident already in the queue writes again, then they are shown their place', async () => {
    await test.api.openSurgery();
    const jane = new Resident(test);
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' });
    await jane.says('how long now?');
    expect(lastText(jane)).toContain('You are in the queue');
    expect(lastText(jane)).toContain('Jane S · A1');
  });

  it.each([
    ['an unknown button', { value: { action: 'format_disk' } }, 'Sorry, that button no longer works.'],
    ['a value that is not a form', { value: [1, 2, 3] }, 'Sorry, I did not understand that.'],
    ['"leave" when not queued', { text: 'leave' }, 'You are not in a queue at the moment.'],
    ['"help"', { text: 'HELP' }, 'Type "leave" to leave the queue.'],
  ])('When a resident sends %s, then the bot answers kindly', async (_what, activity, reply) => {
    await test.api.openSurgery();
    const jane = new Resident(test);
    expect(await jane.send(activity)).toBe(200);
    expect(jane.received.map((c) => textOf(c.activity)).join('\n')).toContain(reply);
  });

  it('When text a resident typed looks like Markdown, then plain-text replies are marked plain', async () => {
    await test.api.openSurgery();
    const jane = new Resident(test);
    await jane.says('leave');
    expect(jane.lastReceived()!.activity.textFormat).toBe('plain');
  });

  it.each([
    ['invalid JSON', '{"type": "message",'],
    ['no activity type', JSON.stringify({ text: 'hi', channelId: 'msteams', conversation: { id: 'c1' } })],
    ['a list instead of an activity', '[{"type": "message"}]'],
    [
      'a serviceUrl that is not a URL',
      JSON.stringify({
        type: 'message',
        text: 'hi',
        channelId: 'msteams',
        serviceUrl: 'javascript:alert(1)',
        conversation: { id: 'c1' },
        from: { id: 'u' },
      }),
    ],
    [
      'a conversation id of the wrong type',
      JSON.stringify({
        type: 'message',
        text: 'hi',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        conversation: { id: 42 },
        from: { id: 'u' },
      }),
    ],
  ])('When /api/messages gets %s, then it is refused with a 4xx and no reply is sent', async (_what, body) => {
    const res = await fetch(`${test.app.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(test.connector.calls).toEqual([]);
  });

  it('When an activity has no conversation, then it is refused with 400 and the server keeps serving', async () => {
    const res = await fetch(`${test.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: 'hi',
        channelId: 'msteams',
        serviceUrl: test.connector.url,
        from: { id: 'u' },
        recipient: { id: 'b' },
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'ACTIVITY.INVALID' });
    expect((await test.api.call('GET', '/healthz')).status).toBe(200);
  });

  it('When someone writes to the bot in a meeting chat, then it asks them to message privately and asks nothing personal', async () => {
    const surgery = await test.api.openSurgery();
    const jane = new Resident(test);
    await jane.send({ text: 'hello', conversation: { id: jane.conversationId, conversationType: 'groupChat' } } as never);
    await jane.send({
      value: { action: 'check_in', surgeryId: surgery.id, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' },
      conversation: { id: jane.conversationId, conversationType: 'groupChat' },
    } as never);

    expect(jane.received.map((c) => c.activity.text)).toEqual([
      expect.stringContaining('please send me a private message'),
      expect.stringContaining('please send me a private message'),
    ]);
    expect(jane.received.every((c) => !c.activity.attachments)).toBe(true);
    expect((await test.api.queue(surgery.id)).active).toEqual([]);
  });

  it('When Teams sends a typing or event activity, then the bot stays quiet', async () => {
    const jane = new Resident(test);
    expect(await jane.send({ type: 'typing' })).toBe(200);
    expect(await jane.send({ type: 'event', value: { name: 'x' } } as never)).toBe(200);
    expect(jane.received).toEqual([]);
  });
});
