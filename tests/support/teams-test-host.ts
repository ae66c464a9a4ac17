import type { FrameLocator, Page } from 'playwright-core';

export type TeamsTheme = 'default' | 'dark' | 'contrast';

export interface TeamsHostSettings {
  /** "sidePanel", "content", or "settings" for the configuration page. */
  frameContext: string;
  meetingId: string;
  chatId: string;
  userObjectId: string;
  tenantId: string;
  /** What authentication.getAuthToken answers: the Teams SSO token for this user. */
  token: string;
  theme?: TeamsTheme;
  /** The tab's address within the app, e.g. "/tab/" or "/tab/?config=1". */
  tabPath?: string;
}

export const HOST_PATH = '/teams-test-host.html';

/**
 * A page that plays Teams for the tab: it frames the real tab bundle and answers teams-js's postMessage
 * calls (initialize, getContext, authentication.getAuthToken, the configuration page's settings calls),
 * and can send theme changes and press the configuration page's Save. It is served by Playwright on the
 * app's own origin, because teams-js ignores a parent on another origin it does not know.
 */
function hostHtml(settings: TeamsHostSettings): string {
  const config = JSON.stringify({ ...settings, theme: settings.theme ?? 'default', tabPath: settings.tabPath ?? '/tab/' }).replace(
    /</g,
    '\\u003c',
  );
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Teams (test host)</title>
<style>body { margin: 0; } iframe { border: 0; width: 320px; height: 780px; display: block; }</style></head>
<body>
<iframe id="tab" title="Surgery queue tab"></iframe>
<script>
  const config = ${config};
  const frame = document.getElementById('tab');
  window.teams = { calls: [], validity: undefined, saved: undefined, saveResult: undefined };
  const runtime = { apiVersion: 4, supports: { pages: { appButton: {}, tabs: {}, config: {}, backStack: {} }, teamsCore: {}, meeting: {} } };
  const context = () => ({
    frameContext: config.frameContext, hostClientType: 'web', locale: 'en-gb', theme: config.theme,
    meetingId: config.meetingId, chatId: config.chatId, userObjectId: config.userObjectId, tid: config.tenantId,
    userPrincipalName: 'councillor@council.example', appSessionId: 'session-1', isFullScreen: false,
  });
  const post = (message) => frame.contentWindow.postMessage(message, location.origin);
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || !event.data || typeof event.data.func !== 'string') return;
    const { id, uuidAsString, func, args } = event.data;
    window.teams.calls.push(func);
    const reply = (answer) => post({ id, uuidAsString, args: answer });
    switch (func) {
      case 'initialize': return reply([config.frameContext, 'web', JSON.stringify(runtime), args[0]]);
      case 'getContext': return reply([context()]);
      case 'authentication.getAuthToken': return reply([true, config.token]);
      case 'settings.setValidityState': window.teams.validity = args[0]; return undefined;
      case 'settings.setSettings': window.teams.saved = args[0]; return reply([true]);
      case 'settings.save.success': window.teams.saveResult = 'success'; return undefined;
      case 'settings.save.failure': window.teams.saveResult = 'failure: ' + args[0]; return undefined;
      case 'appInitialization.success': return reply([true]);
      default: return undefined;
    }
  });
  window.changeTheme = (theme) => post({ func: 'themeChange', args: [theme] });
  window.pressSave = () => post({ func: 'settings.save', args: [{}] });
  frame.src = config.tabPath;
</script>
</body>
</html>`;
}

/** Opens the tab inside the Teams stand-in, on the app's origin; returns the tab's frame. */
export async function openInTeams(page: Page, appUrl: string, settings: TeamsHostSettings): Promise<FrameLocator> {
  await page.route(`${appUrl}${HOST_PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: hostHtml(settings) }),
  );
  await page.goto(`${appUrl}${HOST_PATH}`);
  return page.frameLocator('#tab');
}

export async function changeTheme(page: Page, theme: TeamsTheme): Promise<void> {
  await page.evaluate((next) => (window as unknown as { changeTheme(theme: string): void }).changeTheme(next), theme);
}
