import type { BookingStatus, SurgeryStatus, VisitStatus } from '../../domain/model';
import { appointmentTime } from '../../services/booking-invite';
import { Html, html } from './html';
import { PageSite, page } from './layout';
import { summaryList, visitHeadline } from './status-page';

/** What a booking's manage page shows: only what the holder of its secret link gave or needs. */
export interface BookingPageModel {
  managePath: string;
  invitePath: string;
  reference: string;
  ward: string;
  slotStartsAt: string;
  issue: string;
  joinUrl: string;
  status: BookingStatus;
  /** The surgery's public page, where the chat is: to check in, or book again. */
  surgeryPath: string;
  surgeryStatus: SurgeryStatus;
  /** Booked, and the slot has not started: it may be moved or cancelled. */
  canChange: boolean;
  /** Set once the resident checked in: their place in the queue. */
  statusPath?: string;
  /** Set once the resident checked in: where their visit is now, said as their status page says it. */
  visit?: { status: VisitStatus; cancelled: boolean };
}

/** Whether "Check in now" is offered: on the day, while the surgery is open, before they have. */
const canCheckIn = (model: Pick<BookingPageModel, 'status' | 'surgeryStatus'>): boolean =>
  model.status === 'booked' && model.surgeryStatus === 'open';

function details(model: BookingPageModel): Html {
  return summaryList([
    ['Reference', html`<strong>${model.reference}</strong>`],
    ['Ward', `${model.ward} ward surgery`],
    ['Date and time', appointmentTime(model.slotStartsAt)],
    ['What it is about', model.issue],
    ['Where', html`Online, on Microsoft Teams. <a href="${model.joinUrl}" class="govuk-link" rel="noreferrer">Meeting link</a>`],
  ]);
}

function bookAgain(model: BookingPageModel): Html {
  return html`<p class="govuk-body">To book another time, <a href="${model.surgeryPath}" class="govuk-link">go to the surgery page</a> and send the message “book” to our chat assistant, or find <a href="/surgeries" class="govuk-link">another surgery</a>.</p>`;
}

/** A form that posts one confirmation to an address under the booking's secret link, as the status page's leave form does. */
export function confirmForm(action: string, button: string, options: { warning?: boolean; back?: Html } = {}): Html {
  return html`<form method="post" action="${action}" novalidate>
<input type="hidden" name="confirm" value="yes">
<div class="govuk-button-group">
<button type="submit" class="govuk-button${options.warning ? ' govuk-button--warning' : ''}">${button}</button>
${options.back ?? ''}
</div>
</form>`;
}

function booked(model: BookingPageModel): Html {
  return html`<h1 class="govuk-heading-l">Your surgery appointment</h1>
${details(model)}
${
  canCheckIn(model)
    ? html`<h2 class="govuk-heading-m">Check in</h2>
<p class="govuk-body">The surgery is open. Check in now and we will tell you when it is your turn to join the meeting.</p>
${confirmForm(`${model.managePath}/check-in`, 'Check in now')}`
    : html`<h2 class="govuk-heading-m">On the day</h2>
<p class="govuk-body">Once the surgery is open, check in on this page or send your reference ${model.reference} and your postcode to our chat assistant on the <a href="${model.surgeryPath}" class="govuk-link">surgery page</a>. We will tell you when it is your turn to join the meeting. You do not need a Teams account.</p>`
}
<p class="govuk-body"><a href="${model.invitePath}" class="govuk-link" download>Add to your calendar</a></p>
${
  model.canChange
    ? html`<h2 class="govuk-heading-m">Change your booking</h2>
<ul class="govuk-list">
<li><a href="${model.managePath}/move" class="govuk-link">Change the time</a></li>
<li><a href="${model.managePath}/cancel" class="govuk-link">Cancel your booking</a></li>
</ul>`
    : ''
}`;
}

const ENDED: Record<Exclude<BookingStatus, 'booked'>, { title: string; body: string }> = {
  checked_in: { title: 'You have checked in', body: 'You are in the queue for your appointment.' },
  cancelled: { title: 'Your booking was cancelled', body: 'This appointment is cancelled. The time is free for someone else.' },
  no_show: { title: 'Sorry we missed you', body: 'We did not see you check in for this appointment, so it was marked as missed.' },
};

/** A booking's manage page: the appointment, how to join, calendar, check in, change or cancel. */
export function bookingPage(site: PageSite, model: BookingPageModel): Html {
  if (model.status === 'booked') return page(site, { title: 'Your surgery appointment', noindex: true, main: booked(model) });
  // "You have checked in" while they wait; after that, what became of the visit, in the status page's words.
  const { visit } = model;
  const words =
    model.status === 'checked_in' && visit && visit.status !== 'waiting'
      ? visitHeadline(visit.status, visit.cancelled)
      : ENDED[model.status];
  return page(site, {
    title: words.title,
    noindex: true,
    main: html`<h1 class="govuk-heading-l">${words.title}</h1>
<p class="govuk-body">${words.body}</p>
${model.statusPath ? html`<p class="govuk-body"><a href="${model.statusPath}" class="govuk-link">See your place in the queue</a></p>` : ''}
${details(model)}
${model.status === 'checked_in' ? '' : bookAgain(model)}`,
  });
}

/** Why a change or check-in could not be made (the booking changed meanwhile, has started, the surgery is not open), and the way back. */
export function bookingProblemPage(site: PageSite, model: Pick<BookingPageModel, 'managePath'>, title: string, message: string): Html {
  return page(site, {
    title,
    noindex: true,
    main: html`<h1 class="govuk-heading-l">${title}</h1>
<p class="govuk-body">${message}</p>
<p class="govuk-body"><a href="${model.managePath}" class="govuk-link">Back to your booking</a></p>`,
  });
}
