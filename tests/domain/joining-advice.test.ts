import { TEAMS_APP_STORE_URL, deviceOfUserAgent, joiningTextMessage, joiningTips } from '../../bot/domain/joining-advice';

const DIAL_IN = { number: '+44 20 3443 1234', conferenceId: '123 456 789' };

describe('advice on how a resident will join the meeting', () => {
  it.each<[string, string, ReturnType<typeof deviceOfUserAgent>]>([
    [
      'Safari on an iPhone',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'apple_mobile',
    ],
    [
      'Chrome on an iPhone',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1',
      'apple_mobile',
    ],
    [
      'an older iPad',
      'Mozilla/5.0 (iPad; CPU OS 12_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1 Mobile/15E148 Safari/604.1',
      'apple_mobile',
    ],
    [
      'Chrome on Android',
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
      'android',
    ],
    [
      'Safari on a Mac',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'mac_safari',
    ],
    [
      'Chrome on a Mac',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      'computer',
    ],
    [
      'Edge on Windows',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0',
      'computer',
    ],
    ['Firefox on Linux', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'computer'],
    ['a browser that says nothing', '', undefined],
    ['a robot', 'curl/8.5.0', undefined],
  ])('When the page is opened in %s, then the advice is for %s', (_, userAgent, device) => {
    expect(deviceOfUserAgent(userAgent)).toBe(device);
  });

  it('When the device is not known, then every device is covered, iPhone first, with the App Store link', () => {
    const tips = joiningTips(undefined);

    expect(tips.map((tip) => tip.for)).toEqual(['apple_mobile', 'android', 'mac_safari', 'computer']);
    expect(tips[0]!.text).toContain('you need the free Microsoft Teams app');
    expect(tips[0]!.link!.url).toBe(TEAMS_APP_STORE_URL);
    expect(tips[2]!.text).toContain('Use the free Microsoft Teams app, or another web browser');
  });

  it('When the device is known, then its advice comes first and the others follow', () => {
    expect(joiningTips(undefined, 'mac_safari').map((tip) => tip.for)).toEqual(['mac_safari', 'apple_mobile', 'android', 'computer']);
  });

  it('When the meeting has a phone line, then the number and conference ID are given last; without one, joining by phone is not offered', () => {
    const tips = joiningTips(DIAL_IN);

    expect(tips.at(-1)).toEqual({
      for: 'phone',
      text: expect.stringContaining('call +44 20 3443 1234 and enter the conference ID 123 456 789 followed by #'),
    });
    expect(joiningTips(undefined).some((tip) => tip.for === 'phone')).toBe(false);
  });

  it('When the advice goes by text message, then it is short and keeps the App Store link and any phone line', () => {
    expect(joiningTextMessage(undefined)).toBe(
      `On a Mac, use the Teams app or Edge or Chrome, not Safari. On Android, get the free Teams app from Google Play. On an iPhone or iPad, get the free Teams app now: ${TEAMS_APP_STORE_URL}`,
    );
    expect(joiningTextMessage(DIAL_IN)).toContain('Or join by phone: call +44 20 3443 1234, conference ID 123 456 789#.');
  });
});
