import type { DialIn, JoiningDevice } from '../../domain/joining-advice';
import { PlaceView } from '../../domain/queue-view';
import { formatDay, formatTime } from '../../domain/time-format';
import type { VisitStatus } from '../../domain/model';
import { describeWindow, reachNotice } from '../../domain/wait-window';
import { exactPlace } from '../../domain/place-words';
import { Html, html } from './html';
import { joiningScripts, joiningSection } from './joining-section';
import { PageSite, page } from './layout';

/** What one resident's status page shows: never their name or issue, only what the link's holder needs. */
export interface StatusPageModel {
  statusPath: string;
  status: VisitStatus;
  lobbyTag: string;
  ward: string;
  joinUrl: string;
  dialIn?: DialIn;
  /** The device the resident's browser says it is, so the advice on joining fits it. */
  device?: JoiningDevice;
  surgeryEndsAt: string;
  /** Present while the resident is waiting. */
  place?: PlaceView;
  /** Where a resident the surgery did not reach goes next: the ward's next surgery, or the ward's page. */
  nextUrl?: string;
  /** The councillors cancelled the surgery: a resident it did not reach is told so, not that it ended. */
  cancelled?: boolean;
  /** The page reloads itself while the visit is active, unless the resident turned that off. */
  autoRefresh: boolean;
}

const REFRESH_SECONDS = 30;

const FINISHED: Partial<Record<VisitStatus, { title: string; body: string }>> = {
  in_consultation: { title: 'You are with a councillor', body: 'You are in the meeting with a councillor now.' },
  seen: { title: 'Your visit has finished', body: 'Thank you for coming to the surgery.' },
  left: { title: 'You left the queue', body: 'You are no longer in the queue. You can check in again while the surgery is open.' },
  no_show: {
    title: 'You were called but did not join',
    body: 'We called you but you did not join the meeting in time. If you still need help, please check in again while the surgery is open.',
  },
  not_reached: {
    title: 'The surgery ended before we could reach you',
    body: 'Sorry, the surgery ended before it was your turn. Your councillors have your issue and will follow it up with you.',
  },
};

const CANCELLED = {
  title: 'The surgery was cancelled',
  body: 'Sorry, the councillors cancelled this surgery before it was your turn. They have your issue and will follow it up with you.',
};

/**
 * What a visit's page says it is now: the status page, and the booking page of a resident who checked in with
 * their booking, say the same, so neither says "in the queue" once the surgery has ended.
 */
export function visitHeadline(status: VisitStatus, cancelled: boolean): { title: string; body: string } {
  if (status === 'waiting') return { title: 'You are in the queue', body: 'We will tell you when it is your turn to join the meeting.' };
  if (status === 'called')
    return { title: 'It is your turn next', body: 'Join the meeting now and wait in the lobby. A councillor will let you in.' };
  return (status === 'not_reached' && cancelled ? CANCELLED : FINISHED[status]) ?? FINISHED.seen!;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function summaryList(rows: [string, Html | string][]): Html {
  return html`<dl class="govuk-summary-list">${rows.map(
    ([key, value]) =>
      html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value">${value}</dd></div>`,
  )}</dl>`;
}

function lobbyTagRow(model: StatusPageModel): [string, Html] {
  return ['Your name for the meeting', html`<strong>${model.lobbyTag}</strong>`];
}

function leaveLink(model: StatusPageModel): Html {
  return html`<p class="govuk-body"><a href="${model.statusPath}/leave" class="govuk-link">Leave the queue</a></p>`;
}

function waiting(model: StatusPageModel, place: PlaceView): Html {
  const notice = reachNotice(place.estimate.reach, model.surgeryEndsAt);
  return html`<h1 class="govuk-heading-l">You are in the queue</h1>
${summaryList([
  ['Your place', exactPlace(place.position)],
  ['Estimated time', capitalise(describeWindow(place.estimate))],
  lobbyTagRow(model),
  ['Surgery', `${model.ward} surgery, ends at ${formatTime(model.surgeryEndsAt)}`],
])}
${
  notice
    ? html`<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span><strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>${notice}</strong></div>`
    : ''
}
<p class="govuk-body">When it is your turn, join the meeting and use the name above, so the councillor knows it is you.</p>
<p class="govuk-body"><a href="${model.joinUrl}" class="govuk-link" rel="noreferrer">Meeting link (Microsoft Teams)</a></p>
${joiningSection(model.dialIn, model.device)}
${updates(model)}
${leaveLink(model)}`;
}

/** Residents using a screen reader, or reading slowly, can stop the page reloading under them (WCAG 2.2.1). */
function updates(model: StatusPageModel): Html {
  return model.autoRefresh
    ? html`<p class="govuk-body">This page updates itself every ${REFRESH_SECONDS} seconds. <a href="${model.statusPath}?updates=off" class="govuk-link">Stop updating this page</a></p>`
    : html`<p class="govuk-body">This page does not update itself. <a href="${model.statusPath}" class="govuk-link">Check for updates</a> (and update every ${REFRESH_SECONDS} seconds).</p>`;
}

function called(model: StatusPageModel): Html {
  return html`<div class="govuk-panel govuk-panel--confirmation"><h1 class="govuk-panel__title">It is your turn next</h1><div class="govuk-panel__body">Join the meeting now</div></div>
<p class="govuk-body">Please join the ${model.ward} surgery meeting now and wait in the lobby. A councillor will let you in.</p>
${summaryList([lobbyTagRow(model)])}
<p class="govuk-body">When Teams asks for your name, type the name above. This is how the councillor will know it is you.</p>
<a href="${model.joinUrl}" class="govuk-button" rel="noreferrer">Join the meeting</a>
${joiningSection(model.dialIn, model.device)}
${updates(model)}
${leaveLink(model)}`;
}

/** The status page: readable with no JavaScript, on any browser, kept current by reloading itself. */
export function statusPage(site: PageSite, model: StatusPageModel): Html {
  const active = model.status === 'waiting' || model.status === 'called' || model.status === 'in_consultation';
  let main: Html;
  let joining = true;
  if (model.status === 'waiting' && model.place) main = waiting(model, model.place);
  else if (model.status === 'called') main = called(model);
  else {
    joining = false;
    const words = visitHeadline(model.status, model.cancelled === true);
    main = html`<h1 class="govuk-heading-l">${words.title}</h1>
<p class="govuk-body">${words.body}</p>
${model.status === 'not_reached' && model.nextUrl ? html`<p class="govuk-body"><a href="${model.nextUrl}" class="govuk-link">See the next ${model.ward} surgery and how to book</a></p>` : ''}
${summaryList([lobbyTagRow(model), ['Surgery', `${model.ward} surgery, ${formatDay(model.surgeryEndsAt)}`]])}
${active ? updates(model) : ''}`;
  }
  return page(site, {
    title: 'Your place in the queue',
    main,
    noindex: true,
    ...(active && model.autoRefresh ? { refreshSeconds: REFRESH_SECONDS } : {}),
    ...(joining ? { scripts: joiningScripts(model.device) } : {}),
  });
}

/** Asks before leaving: the form posts to the same secret address, so only the link's holder can send it. */
export function leaveConfirmPage(site: PageSite, model: StatusPageModel): Html {
  return page(site, {
    title: 'Leave the queue',
    noindex: true,
    main: html`<h1 class="govuk-heading-l">Are you sure you want to leave the queue?</h1>
<p class="govuk-body">You will lose your place (${model.lobbyTag}). You can check in again while the surgery is open, but you will join at the back.</p>
<form method="post" action="${model.statusPath}/leave" novalidate>
<input type="hidden" name="confirm" value="yes">
<div class="govuk-button-group">
<button type="submit" class="govuk-button govuk-button--warning">Yes, leave the queue</button>
<a href="${model.statusPath}" class="govuk-link">No, keep my place</a>
</div>
</form>`,
  });
}
