import type { Request, Response, Server } from 'restify';
import { managePagePath } from '../domain/booking-reference';
import { isRefusal } from '../domain/refusal';
import { refusalStatus } from './http-errors';
import { isStatusToken, statusPagePath } from '../domain/status-token';
import { Logger, errorDetails } from '../logger';
import { BookingService, FoundBooking } from '../services/booking-service';
import { bookingInvite, inviteFilename, invitePath } from '../services/booking-invite';
import { Html, html } from './pages/html';
import { PageSite, notFoundPage, page, problemPage } from './pages/layout';
import { surgeryPath } from './pages/listing-page';
import { BookingPageModel, bookingPage, bookingProblemPage } from './pages/booking-page';
import { cancelConfirmPage, movePage } from './pages/booking-change-pages';
import { formFields, redirect, sendPage } from './resident-pages';

export interface BookingPagesDeps {
  bookings: BookingService;
  clock: () => Date;
  localMode: boolean;
  log: Logger;
  residentPages: { councilName: string; publicBaseUrl: string };
  /** The organiser of the booking's calendar invitation. */
  organiserEmail: string;
}

/** Refusals that mean "choose again" on the move page rather than "this booking cannot change". */
const CHOOSE_AGAIN = new Set(['INPUT.INVALID', 'BOOKING.SLOT_TAKEN']);

/**
 * A booking's manage page and what it leads to: calendar file, cancel, move, check in on the day. Reached
 * only by the secret in the link the resident was sent, like a visit's status page; every change is a form
 * post to an address under that secret, holding a field only our form sends, so a link followed by a
 * browser, a preview or a crawler changes nothing.
 */
export function registerBookingPages(server: Server, deps: BookingPagesDeps): void {
  const site: PageSite = { councilName: deps.residentPages.councilName, localMode: deps.localMode };
  const invite = {
    councilName: deps.residentPages.councilName,
    organiserEmail: deps.organiserEmail,
    publicBaseUrl: deps.residentPages.publicBaseUrl,
  };

  const guarded = (handler: (req: Request, res: Response, found: FoundBooking) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      const token = String(req.params.token);
      const found = isStatusToken(token) ? await deps.bookings.findByManageToken(token) : undefined;
      if (!found) return sendPage(res, 404, notFoundPage(site), 'private');
      await handler(req, res, found);
    } catch (error) {
      deps.log.error('booking page failed', errorDetails(error));
      if (res.headersSent) return;
      sendPage(res, 500, problemPage(site), 'private');
    }
  };

  const modelOf = ({ state, booking }: FoundBooking): BookingPageModel => {
    const visit = booking.visitId ? state.visits.find((v) => v.id === booking.visitId) : undefined;
    return {
      managePath: managePagePath(booking.manageToken),
      invitePath: invitePath(booking.manageToken),
      reference: booking.reference,
      ward: state.surgery.ward,
      slotStartsAt: booking.slotStartsAt,
      issue: booking.issue,
      joinUrl: state.surgery.joinUrl,
      status: booking.status,
      surgeryPath: surgeryPath(state.surgery),
      surgeryStatus: state.surgery.status,
      canChange: booking.status === 'booked' && booking.slotStartsAt > deps.clock().toISOString(),
      ...(visit?.statusToken ? { statusPath: statusPagePath(visit.statusToken) } : {}),
      ...(visit ? { visit: { status: visit.status, cancelled: state.surgery.cancelled !== undefined } } : {}),
    };
  };

  /** The answer to a post that did not come from our form: what to press instead, never a change. */
  const useTheButton = (res: Response, title: string, button: Html) =>
    sendPage(
      res,
      400,
      page(site, {
        title,
        noindex: true,
        main: html`<h1 class="govuk-heading-l">Please use the ${title} button</h1><p class="govuk-body">${button}</p>`,
      }),
      'private',
    );
  const confirmed = (req: Request) => formFields(req)?.get('confirm') === 'yes';

  server.get(
    '/bookings/:token',
    guarded(async (_req, res, found) => sendPage(res, 200, bookingPage(site, modelOf(found)), 'private')),
  );

  server.get(
    '/bookings/:token/invite.ics',
    guarded(async (_req, res, { state, booking }) => {
      res.writeHead(200, {
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': `attachment; filename="${inviteFilename(booking)}"`,
        'Cache-Control': 'no-store',
      });
      res.end(bookingInvite(booking, state.surgery, invite));
    }),
  );

  server.get(
    '/bookings/:token/cancel',
    guarded(async (_req, res, found) => {
      const model = modelOf(found);
      if (!model.canChange) return redirect(res, model.managePath);
      sendPage(res, 200, cancelConfirmPage(site, model), 'private');
    }),
  );

  server.post(
    '/bookings/:token/cancel',
    guarded(async (req, res, found) => {
      const model = modelOf(found);
      if (!confirmed(req))
        return useTheButton(
          res,
          'Cancel your booking',
          html`<a href="${model.managePath}/cancel" class="govuk-link">Cancel your booking</a>`,
        );
      const cancelled = await deps.bookings.cancel(found);
      // A second press finds it cancelled already: the booking's page says so.
      if (isRefusal(cancelled) && cancelled.code !== 'BOOKING.CANCELLED')
        return sendPage(
          res,
          refusalStatus(cancelled),
          bookingProblemPage(site, model, 'Your booking could not be cancelled', cancelled.message),
          'private',
        );
      redirect(res, model.managePath);
    }),
  );

  const showMove = async (res: Response, found: FoundBooking, status: number, error?: string) => {
    const free = await deps.bookings.freeSlots(found.state.surgery.id);
    const slots = isRefusal(free) ? [] : free.slots;
    sendPage(res, status, movePage(site, { booking: modelOf(found), slots, ...(error ? { error } : {}) }), 'private');
  };

  server.get(
    '/bookings/:token/move',
    guarded(async (_req, res, found) => {
      const model = modelOf(found);
      if (!model.canChange) return redirect(res, model.managePath);
      await showMove(res, found, 200);
    }),
  );

  server.post(
    '/bookings/:token/move',
    guarded(async (req, res, found) => {
      const model = modelOf(found);
      const fields = formFields(req);
      if (!fields)
        return useTheButton(res, 'Change the time', html`<a href="${model.managePath}/move" class="govuk-link">Change the time</a>`);
      const moved = await deps.bookings.move(found, fields.get('slot') ?? undefined);
      if (!isRefusal(moved)) return redirect(res, model.managePath);
      if (!CHOOSE_AGAIN.has(moved.code))
        return sendPage(
          res,
          refusalStatus(moved),
          bookingProblemPage(site, model, 'Your booking could not be changed', moved.message),
          'private',
        );
      await showMove(res, found, refusalStatus(moved), moved.problems?.[0]?.message ?? moved.message);
    }),
  );

  server.post(
    '/bookings/:token/check-in',
    guarded(async (req, res, found) => {
      const model = modelOf(found);
      if (!confirmed(req))
        return useTheButton(res, 'Check in now', html`<a href="${model.managePath}" class="govuk-link">Back to your booking</a>`);
      // Checked in already (say in the chat, or a second press): their place in the queue is the answer.
      if (model.statusPath) return redirect(res, model.statusPath);
      const applied = await deps.bookings.checkIn(found, { channel: 'web' });
      if (isRefusal(applied))
        return sendPage(res, refusalStatus(applied), bookingProblemPage(site, model, 'You could not check in', applied.message), 'private');
      const token = applied.change.created.statusToken;
      redirect(res, token ? statusPagePath(token) : model.managePath);
    }),
  );
}
