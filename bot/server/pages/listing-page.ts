import { PublicSurgery, wardsOf } from '../../domain/public-surgeries';
import { SurgeryMode } from '../../domain/slots';
import { formatDay, formatTime } from '../../domain/time-format';
import { Html, html } from './html';
import { PageSite, page } from './layout';

export interface ListingModel {
  surgeries: PublicSurgery[];
  /** The ward page's ward; absent on the whole council's page. */
  ward?: { name: string; slug: string };
}

export const surgeryPath = (surgery: { id: string }) => `/surgeries/${encodeURIComponent(surgery.id)}`;
export const wardPath = (slug: string) => `/surgeries/ward/${encodeURIComponent(slug)}`;

export function when(surgery: PublicSurgery): string {
  return `${formatDay(surgery.startsAt)}, ${formatTime(surgery.startsAt)} to ${formatTime(surgery.endsAt)}`;
}

const HOW_TO_COME: Record<SurgeryMode, string> = {
  drop_in: 'No booking needed: check in on the day and wait your turn.',
  bookings: 'Book a slot: this surgery is by appointment only.',
  both: 'Book a slot, or drop in without booking: check in on the day and wait your turn.',
};

/** Whether to book or just come, by how the surgery takes residents. */
export const howToCome = (surgery: Pick<PublicSurgery, 'mode'>): string => HOW_TO_COME[surgery.mode];

/** "Open now" or "Cancelled" beside a surgery's name, as residents scanning a list look for. */
function statusTag(surgery: Pick<PublicSurgery, 'status' | 'cancelled'>): Html | '' {
  if (surgery.cancelled) return html` <strong class="govuk-tag govuk-tag--red">Cancelled</strong>`;
  return surgery.status === 'open' ? html` <strong class="govuk-tag govuk-tag--green">Open now</strong>` : '';
}

function surgeryCard(surgery: PublicSurgery): Html {
  return html`<div class="govuk-summary-card">
<div class="govuk-summary-card__title-wrapper"><h2 class="govuk-summary-card__title">${surgery.ward}: ${when(surgery)}${statusTag(surgery)}</h2></div>
<div class="govuk-summary-card__content">
<dl class="govuk-summary-list">
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Ward</dt><dd class="govuk-summary-list__value"><a href="${wardPath(surgery.wardSlug)}" class="govuk-link">${surgery.ward}</a></dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">When</dt><dd class="govuk-summary-list__value">${when(surgery)}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Councillors</dt><dd class="govuk-summary-list__value">${surgery.councillors.join(', ')}</dd></div>
${
  surgery.cancelled
    ? html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">How to join</dt><dd class="govuk-summary-list__value">This surgery has been cancelled. <a href="${wardPath(surgery.wardSlug)}" class="govuk-link">See other ${surgery.ward} ward surgeries</a></dd></div>`
    : html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">How to join</dt><dd class="govuk-summary-list__value">Online. ${howToCome(surgery)} <a href="${surgeryPath(surgery)}" class="govuk-link">How to ${surgery.mode === 'drop_in' ? 'join' : 'book or join'} the ${surgery.ward} surgery</a></dd></div>`
}
</dl>
</div>
</div>`;
}

/** Upcoming surgeries for the whole council or one ward, for the council's website to link to. */
export function listingPage(site: PageSite, model: ListingModel): Html {
  const title = model.ward ? `${model.ward.name} ward: upcoming councillor surgeries` : 'Upcoming councillor surgeries';
  const calendar = model.ward ? `${wardPath(model.ward.slug)}.ics` : '/surgeries.ics';
  const wards = wardsOf(model.surgeries);
  return page(site, {
    title,
    main: html`<h1 class="govuk-heading-l">${title}</h1>
<p class="govuk-body">Talk to your local councillor online, from home. Surgeries are held on Microsoft Teams: you do not need a Teams account, and you can join from a phone or computer.</p>
${
  model.surgeries.length === 0
    ? html`<p class="govuk-body">There are no surgeries planned at the moment. Please check again soon.</p>`
    : html`${model.surgeries.map(surgeryCard)}`
}
<h2 class="govuk-heading-m">Add surgeries to your calendar</h2>
<p class="govuk-body"><a href="${calendar}" class="govuk-link">Subscribe to ${model.ward ? `${model.ward.name} ward` : 'all'} surgery dates (iCalendar)</a>. Your calendar updates when dates change.</p>
${
  model.ward
    ? html`<p class="govuk-body"><a href="/surgeries" class="govuk-link">See surgeries in every ward</a></p>`
    : wards.length > 0
      ? html`<h2 class="govuk-heading-m">Surgeries by ward</h2><ul class="govuk-list">${wards.map((w) => html`<li><a href="${wardPath(w.wardSlug)}" class="govuk-link">${w.ward}</a></li>`)}</ul>`
      : ''
}`,
  });
}
