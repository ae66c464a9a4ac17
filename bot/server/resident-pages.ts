import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Next, Request, Response, Server } from 'restify';
import { PrivacyNotice } from '../domain/privacy-notice';
import { publicSurgery, upcomingSurgeries } from '../domain/public-surgeries';
import type { WardSlugs } from '../domain/ward-roster';
import { placeOfWaitingResident } from '../domain/queue-view';
import { isRefusal } from '../domain/refusal';
import { isStatusToken, statusPagePath } from '../domain/status-token';
import { WaitSettings } from '../domain/wait-model';
import type { Surgery } from '../domain/model';
import { startMonth } from '../domain/surgery';
import { monthsUpTo } from '../domain/statistics';
import { takesBookings } from '../domain/slots';
import { Logger, errorDetails } from '../logger';
import { QueueService } from '../services/queue-service';
import { DirectLineSettings } from './directline-token';
import { LOCAL_DIRECT_LINE } from './local-direct-line';
import { Html, html } from './pages/html';
import { PageSite, STYLESHEET_PATH, notFoundPage, page, problemPage } from './pages/layout';
import { listingPage } from './pages/listing-page';
import { StatusPageModel, leaveConfirmPage, statusPage } from './pages/status-page';
import { surgeryCalendar } from './pages/surgery-calendar';
import { SurgeryPageModel, surgeryPage } from './pages/surgery-page';
import { WEB_CHAT_SCRIPT_PATH, WebChatModel } from './pages/web-chat';
import { JOINING_SCRIPT_PATH } from './pages/joining-section';
import { nextVisitUrl } from '../services/not-reached-message';
import { JoiningDevice, deviceOfUserAgent } from '../domain/joining-advice';
import { webChatCsp } from './security-headers';

export interface ResidentPagesSettings extends PrivacyNotice {
  publicBaseUrl: string;
  wait: WaitSettings;
  directLine: DirectLineSettings;
}

export interface ResidentPagesDeps {
  queue: QueueService;
  /** Each ward's part of the pages' addresses, as the roster made it. */
  wardSlugOf: WardSlugs;
  clock: () => Date;
  localMode: boolean;
  log: Logger;
  residentPages: ResidentPagesSettings;
}

const SURGERY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const WARD_SLUG = /^[a-z0-9-]{1,100}$/;

const GOVUK_CSS = require.resolve('govuk-frontend/dist/govuk/govuk-frontend.min.css');

/**
 * GOV.UK Frontend's stylesheet without its @font-face rules: the GDS Transport typeface is licensed for
 * GOV.UK only, so council pages fall back to Arial, as the Design System advises services off GOV.UK.
 */
function stylesheet(): string {
  return readFileSync(GOVUK_CSS, 'utf8').replace(/@font-face\{[^}]*\}/g, '');
}

// Web Chat's package only exports its React entry point; its browser bundle sits beside it in dist/.
const WEB_CHAT_DIR = path.join(path.dirname(require.resolve('botframework-webchat')), '..');
const WEB_CHAT_VERSION = (JSON.parse(readFileSync(path.join(WEB_CHAT_DIR, 'package.json'), 'utf8')) as { version: string }).version;
/** The version is in the path, so browsers may keep the 4 MB bundle until we upgrade it. */
const WEB_CHAT_BUNDLE_PATH = `/public/webchat-${WEB_CHAT_VERSION}.js`;

// This file runs from bot/server/ under tsx and from dist/bot/server/ once compiled; tab/static ships with the app either way.
const staticScript = (name: string) => path.resolve(__dirname, __filename.endsWith('.js') ? '../../..' : '../..', 'tab', 'static', name);

/** The device a resident's browser says it is, for advice on joining that fits it. */
function deviceOf(req: Request): { device?: JoiningDevice } {
  const device = deviceOfUserAgent(typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 512) : undefined);
  return device ? { device } : {};
}

/** A script, read and compressed once on first use (the full Web Chat bundle, with Adaptive Cards, is 4 MB; 1 MB gzipped). */
function scriptFile(file: string): () => { plain: Buffer; gzipped: Buffer } {
  let loaded: { plain: Buffer; gzipped: Buffer } | undefined;
  return () => {
    if (!loaded) {
      const plain = readFileSync(file);
      loaded = { plain, gzipped: gzipSync(plain) };
    }
    return loaded;
  };
}

function sendScript(req: Request, res: Response, script: { plain: Buffer; gzipped: Buffer }, cacheControl: string): void {
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  res.writeHead(200, {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': cacheControl,
    Vary: 'Accept-Encoding',
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
  });
  res.end(gzip ? script.gzipped : script.plain);
}

export function sendPage(res: Response, status: number, body: Html, cache: 'private' | 'public'): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    // Status pages show one resident's place: never kept by a browser cache or proxy.
    'Cache-Control': cache === 'private' ? 'no-store' : 'public, max-age=60',
  });
  res.end(body.markup);
}

/** A form post's fields, as the server's body reader left them; undefined for anything but a form post. */
export function formFields(req: Request): URLSearchParams | undefined {
  const body: unknown = req.body;
  return body instanceof URLSearchParams ? body : undefined;
}

/** Pages for residents and the council's website: status pages, surgery pages, listings, calendars. */
export function registerResidentPages(server: Server, deps: ResidentPagesDeps): void {
  const settings = deps.residentPages;
  const site: PageSite = { councilName: settings.councilName, localMode: deps.localMode };
  const css = stylesheet();

  const failPage = (res: Response, error: unknown) => {
    deps.log.error('resident page failed', errorDetails(error));
    if (res.headersSent) return;
    sendPage(res, 500, problemPage(site), 'private');
  };
  const guarded = (handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (error) {
      failPage(res, error);
    }
  };
  const notFound = (res: Response) => sendPage(res, 404, notFoundPage(site), 'private');

  const webChatBundle = scriptFile(path.join(WEB_CHAT_DIR, 'dist', 'webchat.js'));
  const pageScript = scriptFile(staticScript('resident-web-chat.js'));
  const joiningScript = scriptFile(staticScript('joining-advice.js'));
  // Read now, so a server missing its own scripts refuses to start rather than fail residents later.
  pageScript();
  joiningScript();
  server.get(WEB_CHAT_BUNDLE_PATH, (req: Request, res: Response, next: Next) => {
    sendScript(req, res, webChatBundle(), 'public, max-age=31536000, immutable');
    next(false);
  });
  server.get(WEB_CHAT_SCRIPT_PATH, (req: Request, res: Response, next: Next) => {
    sendScript(req, res, pageScript(), 'public, max-age=300');
    next(false);
  });
  server.get(JOINING_SCRIPT_PATH, (req: Request, res: Response, next: Next) => {
    sendScript(req, res, joiningScript(), 'public, max-age=300');
    next(false);
  });
  /** Web chat is offered only where the server can make Direct Line tokens, or is its own Direct Line (local mode). */
  const webChat = (surgery: Surgery): WebChatModel | undefined => {
    if (settings.directLine.secret === '' && !settings.directLine.local) return undefined;
    // Open, residents check in; before then, a surgery that takes bookings can be booked here.
    const start = surgery.status === 'open' ? 'check_in' : surgery.status === 'scheduled' && takesBookings(surgery) ? 'book' : 'later';
    return {
      surgeryId: surgery.id,
      directLineDomain: settings.directLine.local ? LOCAL_DIRECT_LINE : `${settings.directLine.baseUrl}/v3/directline`,
      bundlePath: WEB_CHAT_BUNDLE_PATH,
      start,
    };
  };

  server.get(STYLESHEET_PATH, (_req: Request, res: Response, next: Next) => {
    res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=86400' });
    res.end(css);
    next(false);
  });

  /** The visit behind a status token, as its page shows it; undefined for any token nobody was given. */
  const statusModel = async (
    token: string,
    autoRefresh = true,
    device: { device?: JoiningDevice } = {},
  ): Promise<StatusPageModel | undefined> => {
    if (!isStatusToken(token)) return undefined;
    const found = await deps.queue.findByStatusToken(token);
    if (!found) return undefined;
    const { state, visitId } = found;
    const visit = state.visits.find((v) => v.id === visitId)!;
    const place = visit.status === 'waiting' ? placeOfWaitingResident(state, visitId, settings.wait, deps.clock()) : undefined;
    return {
      statusPath: statusPagePath(token),
      status: visit.status,
      lobbyTag: visit.lobbyTag,
      ward: state.surgery.ward,
      joinUrl: state.surgery.joinUrl,
      ...(state.surgery.dialIn ? { dialIn: state.surgery.dialIn } : {}),
      surgeryEndsAt: state.surgery.endsAt,
      autoRefresh,
      ...device,
      ...(visit.status === 'not_reached' ? { nextUrl: nextVisitUrl(state.surgery, '', deps.wardSlugOf) } : {}),
      ...(state.surgery.cancelled ? { cancelled: true } : {}),
      ...(place ? { place } : {}),
    };
  };
  const canLeave = (model: StatusPageModel) => model.status === 'waiting' || model.status === 'called';

  server.get(
    '/status/:token',
    guarded(async (req, res) => {
      const model = await statusModel(String(req.params.token), req.query?.updates !== 'off', deviceOf(req));
      if (!model) return notFound(res);
      sendPage(res, 200, statusPage(site, model), 'private');
    }),
  );

  server.get(
    '/status/:token/leave',
    guarded(async (req, res) => {
      const model = await statusModel(String(req.params.token));
      if (!model) return notFound(res);
      if (!canLeave(model)) return redirect(res, model.statusPath);
      sendPage(res, 200, leaveConfirmPage(site, model), 'private');
    }),
  );

  // Only a form post holding the confirmation leaves: the token in the address is the secret, and a link
  // followed by a browser, a preview or a crawler (a GET) changes nothing.
  server.post(
    '/status/:token/leave',
    guarded(async (req, res) => {
      const token = String(req.params.token);
      const model = await statusModel(token);
      if (!model) return notFound(res);
      const fields = formFields(req);
      if (!fields || fields.get('confirm') !== 'yes') {
        return sendPage(
          res,
          400,
          page(site, {
            title: 'Leave the queue',
            noindex: true,
            main: html`<h1 class="govuk-heading-l">Please use the Leave the queue button</h1><p class="govuk-body"><a href="${model.statusPath}/leave" class="govuk-link">Leave the queue</a></p>`,
          }),
          'private',
        );
      }
      if (canLeave(model)) {
        const found = await deps.queue.findByStatusToken(token);
        if (found) {
          const left = await deps.queue.leave(found.state.surgery.id, found.visitId, true);
          if (isRefusal(left)) deps.log.info('resident could not leave from the status page', { code: left.code });
        }
      }
      redirect(res, model.statusPath);
    }),
  );

  /** The whole council's upcoming surgeries, or one ward's (by its slug), as a page or a calendar feed. */
  const listing = async (res: Response, slug: string | undefined, format: 'page' | 'calendar') => {
    if (slug !== undefined && !WARD_SLUG.test(slug)) return notFound(res);
    const all = await deps.queue.currentSurgeries();
    const ofWard = (surgeries: Surgery[]) => surgeries.map((s) => publicSurgery(s, deps.wardSlugOf)).find((s) => s.wardSlug === slug);
    // A ward with nothing coming still has its page (residents not reached are sent there) while it held a
    // surgery in the last year: that much is read, never all of history.
    const lastYear = () => deps.queue.surgeriesStartingIn(monthsUpTo(startMonth({ startsAt: deps.clock().toISOString() }), 13));
    const ward = slug === undefined ? undefined : (ofWard(all) ?? ofWard(await lastYear()));
    if (slug !== undefined && !ward) return notFound(res);
    const named = ward && { name: ward.ward, slug: ward.wardSlug };
    const surgeries = upcomingSurgeries(all, deps.clock(), deps.wardSlugOf, slug);
    if (format === 'page') return sendPage(res, 200, listingPage(site, { surgeries, ...(named ? { ward: named } : {}) }), 'public');
    const name = named ? `${named.name} ward councillor surgeries` : 'Councillor surgeries';
    const body = surgeryCalendar(
      surgeries,
      { name, councilName: settings.councilName, publicBaseUrl: settings.publicBaseUrl },
      deps.clock(),
    );
    res.writeHead(200, {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      'Content-Disposition': 'inline; filename="surgeries.ics"',
    });
    res.end(body);
  };

  server.get(
    '/surgeries',
    guarded((_req, res) => listing(res, undefined, 'page')),
  );
  server.get(
    '/surgeries.ics',
    guarded((_req, res) => listing(res, undefined, 'calendar')),
  );
  // One route for both: "<ward>.ics" is the ward's calendar.
  server.get(
    '/surgeries/ward/:ward',
    guarded((req, res) => {
      const ward = String(req.params.ward);
      return ward.endsWith('.ics') ? listing(res, ward.slice(0, -4), 'calendar') : listing(res, ward, 'page');
    }),
  );

  server.get(
    '/surgeries/:surgeryId',
    guarded(async (req, res) => {
      const surgeryId = String(req.params.surgeryId);
      // The page shows the surgery, never its residents: its row alone is read.
      const surgery = SURGERY_ID.test(surgeryId) ? await deps.queue.surgery(surgeryId) : undefined;
      if (!surgery) return notFound(res);
      const model: SurgeryPageModel = {
        surgery: publicSurgery(surgery, deps.wardSlugOf),
        privacy: { councilName: settings.councilName, retentionDays: settings.retentionDays },
        phoneLine: surgery.dialIn !== undefined,
        ...deviceOf(req),
      };
      const chat = webChat(surgery);
      if (chat) model.webChat = chat;
      // setHeader replaces the policy securityHeaders set; restify's res.header would add a second one, and browsers enforce both.
      if (model.webChat && model.webChat.start !== 'later')
        res.setHeader('Content-Security-Policy', webChatCsp(settings.directLine.local ? undefined : settings.directLine.baseUrl));
      // The page is cached publicly, and its advice on joining depends on the browser.
      res.setHeader('Vary', 'User-Agent');
      sendPage(res, 200, surgeryPage(site, model), 'public');
    }),
  );
}

export function redirect(res: Response, location: string): void {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
}
