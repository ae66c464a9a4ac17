import type { RequestHandler } from 'restify';

/**
 * Pages that may show the tab in a frame: Teams (commercial, GCC High and DoD, local dev host), the
 * Microsoft 365 app and Outlook, which Microsoft asks tab apps to allow, and *.cloud.microsoft, where
 * all of them are moving. There is no X-Frame-Options: it cannot name several hosts, and DENY would
 * stop Teams showing the tab.
 */
export const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.teams.microsoft.us',
  'https://local.teams.office.com',
  'https://*.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office365.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
];

/**
 * The tab's policy. Scripts only from our own bundle. Styles may be inline because Fluent UI (Griffel)
 * writes its rules into <style> elements at run time; inline styles cannot run code. The one other
 * origin is where teams-js fetches its list of valid Teams hosts.
 */
const TAB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' https://res.cdn.office.net",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors ${FRAME_ANCESTORS.join(' ')}`,
].join('; ');

/**
 * Resident pages (status pages, booking pages, surgery pages, listings, the stylesheet) are top-level pages: never framed,
 * nothing inline, everything from our own origin. A page with web chat widens it a little: webChatCsp.
 */
export const RESIDENT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * A surgery page with web chat on it: RESIDENT_CSP, with two narrow additions Web Chat needs.
 * - style-src 'unsafe-inline': Web Chat (emotion) writes its styles into <style> elements at run time.
 *   Inline styles cannot run code, and every value on our pages is escaped.
 * - img-src blob: Web Chat draws some images (the Adaptive Cards it shows) from blob: addresses it makes itself.
 * - connect-src to the one Direct Line origin the server is set up with (DIRECT_LINE_BASE_URL, which
 *   may be a regional endpoint). Web Chat polls it over https, so there is no wss: either. In local mode the
 *   server is its own Direct Line (no base URL): 'self' is enough.
 */
export function webChatCsp(directLineBaseUrl?: string): string {
  const directLine = directLineBaseUrl === undefined ? '' : ` ${new URL(directLineBaseUrl).origin}`;
  return RESIDENT_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("img-src 'self' data:", "img-src 'self' data: blob:")
    .replace(/connect-src [^;]*/, `connect-src 'self'${directLine}`);
}

const RESIDENT_PATHS = /^\/(?:status\/|bookings\/|surgeries(?:$|[/.])|public\/)/;

/** Whether a path is one of the resident pages, which get RESIDENT_CSP rather than the tab's policy. */
function isResidentPage(path: string): boolean {
  return RESIDENT_PATHS.test(path);
}

/** The API answers with JSON only: nothing in it may load, run or be framed. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers for every response, set before routing so errors and refusals get them too. Nothing under
 * /api is stored by browsers or proxies: it is resident data, or a refusal about it.
 */
export function securityHeaders(options: { trustedProxyHops: number }): RequestHandler {
  return (req, res, next) => {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    const api = req.getPath().startsWith('/api/');
    const resident = !api && isResidentPage(req.getPath());
    res.header('Content-Security-Policy', api ? API_CSP : resident ? RESIDENT_CSP : TAB_CSP);
    if (resident) res.header('X-Frame-Options', 'DENY');
    if (api) res.header('Cache-Control', 'no-store');
    // Only a proxy we trust can say the caller came over https; locally there is no https to insist on.
    if (options.trustedProxyHops > 0 && req.headers['x-forwarded-proto'] === 'https')
      res.header('Strict-Transport-Security', 'max-age=31536000');
    return next();
  };
}
