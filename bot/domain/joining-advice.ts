/**
 * How a resident will get into the meeting, told from check-in on so nobody finds out at their turn that
 * their phone needs an app. Teams does not join meetings from a phone's browser, and Safari on a Mac is
 * not a browser Teams supports for meetings.
 */

/** The meeting's phone line, for residents with no smartphone or computer. */
export interface DialIn {
  number: string;
  conferenceId: string;
}

export type JoiningDevice = 'apple_mobile' | 'android' | 'mac_safari' | 'computer';

export const TEAMS_APP_STORE_URL = 'https://apps.apple.com/gb/app/microsoft-teams/id1113153706';
const TEAMS_GOOGLE_PLAY_URL = 'https://play.google.com/store/apps/details?id=com.microsoft.teams';
const TEAMS_DOWNLOAD_URL = 'https://www.microsoft.com/en-gb/microsoft-teams/download-app';

export interface JoiningTip {
  /** Who it is for: a device, or anyone joining by phone. */
  for: JoiningDevice | 'phone';
  text: string;
  link?: { text: string; url: string };
}

const DEVICE_TIPS: Record<JoiningDevice, JoiningTip> = {
  apple_mobile: {
    for: 'apple_mobile',
    text: 'On an iPhone or iPad, you need the free Microsoft Teams app to join. Get it now, while you wait. You do not need a Teams account.',
    link: { text: 'Get Microsoft Teams from the App Store', url: TEAMS_APP_STORE_URL },
  },
  android: {
    for: 'android',
    text: 'On an Android phone or tablet, you need the free Microsoft Teams app to join. Get it now, while you wait. You do not need a Teams account.',
    link: { text: 'Get Microsoft Teams from Google Play', url: TEAMS_GOOGLE_PLAY_URL },
  },
  mac_safari: {
    for: 'mac_safari',
    text: 'On a Mac, Safari may not join the meeting. Use the free Microsoft Teams app, or another web browser such as Microsoft Edge or Google Chrome.',
    link: { text: 'Get the Microsoft Teams app', url: TEAMS_DOWNLOAD_URL },
  },
  computer: {
    for: 'computer',
    text: 'On a computer, you can join in Microsoft Edge or Google Chrome, or in the free Microsoft Teams app. You do not need a Teams account.',
  },
};

const ORDER: JoiningDevice[] = ['apple_mobile', 'android', 'mac_safari', 'computer'];

function phoneTip(dialIn: DialIn): JoiningTip {
  return {
    for: 'phone',
    text: `No smartphone or computer? Join by phone: call ${dialIn.number} and enter the conference ID ${dialIn.conferenceId} followed by #. The councillor will see your phone number, not your name, so tell them your name for the meeting when they let you in.`,
  };
}

/**
 * Every tip, the one for the resident's device (when known) first: a chat or a text cannot tell where it
 * will be read, so it gives them all.
 */
export function joiningTips(dialIn: DialIn | undefined, device?: JoiningDevice): JoiningTip[] {
  const devices = device ? [device, ...ORDER.filter((d) => d !== device)] : ORDER;
  return [...devices.map((d) => DEVICE_TIPS[d]), ...(dialIn ? [phoneTip(dialIn)] : [])];
}

/**
 * The device a browser says it is. iPadOS Safari calls itself a Mac: a page script can tell it apart by its
 * touch screen; the server cannot, and gives Mac advice, which still points to the app.
 */
export function deviceOfUserAgent(userAgent: string | undefined): JoiningDevice | undefined {
  if (!userAgent) return undefined;
  if (/\b(iPhone|iPad|iPod)\b/.test(userAgent)) return 'apple_mobile';
  if (/\bAndroid\b/.test(userAgent)) return 'android';
  if (/\bMacintosh\b/.test(userAgent)) {
    return /\bSafari\//.test(userAgent) && !/\b(Chrome|Chromium|CriOS|Edg|EdgiOS|Firefox|FxiOS|OPR)\//.test(userAgent)
      ? 'mac_safari'
      : 'computer';
  }
  if (/\b(Windows NT|X11|Linux|CrOS)\b/.test(userAgent)) return 'computer';
  return undefined;
}

/**
 * The advice in a text message: Notify charges by length, so only what a phone's owner needs. The link
 * comes last, so no full stop sticks to it.
 */
export function joiningTextMessage(dialIn: DialIn | undefined): string {
  return [
    'On a Mac, use the Teams app or Edge or Chrome, not Safari. On Android, get the free Teams app from Google Play.',
    ...(dialIn ? [`Or join by phone: call ${dialIn.number}, conference ID ${dialIn.conferenceId}#.`] : []),
    `On an iPhone or iPad, get the free Teams app now: ${TEAMS_APP_STORE_URL}`,
  ].join(' ');
}
