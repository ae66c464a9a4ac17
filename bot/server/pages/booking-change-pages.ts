import { Slot } from '../../domain/slots';
import { formatTime } from '../../domain/time-format';
import { appointmentTime } from '../../services/booking-invite';
import { Html, html } from './html';
import { PageSite, page } from './layout';
import { BookingPageModel, confirmForm } from './booking-page';

/** Asks before cancelling: only the form's post, to the booking's secret address, cancels. */
export function cancelConfirmPage(site: PageSite, model: BookingPageModel): Html {
  return page(site, {
    title: 'Cancel your booking',
    noindex: true,
    main: html`<h1 class="govuk-heading-l">Are you sure you want to cancel your booking?</h1>
<p class="govuk-body">Your appointment at the ${model.ward} ward surgery on ${appointmentTime(model.slotStartsAt)} (reference ${model.reference}) will be cancelled, and the time will be free for someone else.</p>
${confirmForm(`${model.managePath}/cancel`, 'Yes, cancel my booking', { warning: true, back: html`<a href="${model.managePath}" class="govuk-link">No, keep my booking</a>` })}`,
  });
}

export interface MovePageModel {
  booking: BookingPageModel;
  /** Times that can be booked now, soonest first. */
  slots: Slot[];
  /** Why the last choice was refused, shown as a GOV.UK error. */
  error?: string;
}

function errorSummary(message: string): Html {
  return html`<div class="govuk-error-summary" data-module="govuk-error-summary">
<div role="alert">
<h2 class="govuk-error-summary__title">There is a problem</h2>
<div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list"><li><a href="#slot">${message}</a></li></ul></div>
</div>
</div>`;
}

function slotRadios(model: MovePageModel): Html {
  const { booking, slots, error } = model;
  const describedBy = ['slot-hint', ...(error ? ['slot-error'] : [])].join(' ');
  return html`<form method="post" action="${booking.managePath}/move" novalidate>
<div class="govuk-form-group${error ? ' govuk-form-group--error' : ''}">
<fieldset class="govuk-fieldset" aria-describedby="${describedBy}">
<legend class="govuk-fieldset__legend govuk-fieldset__legend--l"><h1 class="govuk-fieldset__heading">Choose a new time</h1></legend>
<div id="slot-hint" class="govuk-hint">Your appointment is now at ${appointmentTime(booking.slotStartsAt)}. These are the free times at the same ${booking.ward} ward surgery.</div>
${error ? html`<p id="slot-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${error}</p>` : ''}
<div class="govuk-radios" data-module="govuk-radios">
${slots.map(
  // The first radio has the field's id, so the error summary's link lands on it.
  (slot, i) => html`<div class="govuk-radios__item">
<input class="govuk-radios__input" id="${i === 0 ? 'slot' : `slot-${slot.index}`}" name="slot" type="radio" value="${slot.index}">
<label class="govuk-label govuk-radios__label" for="${i === 0 ? 'slot' : `slot-${slot.index}`}">${formatTime(slot.startsAt)} to ${formatTime(slot.endsAt)}</label>
</div>`,
)}
</div>
</fieldset>
</div>
<div class="govuk-button-group">
<button type="submit" class="govuk-button">Change the time</button>
<a href="${booking.managePath}" class="govuk-link">Keep my time</a>
</div>
</form>`;
}

/** The free times at the booking's surgery as GOV.UK radios; with none, says so. */
export function movePage(site: PageSite, model: MovePageModel): Html {
  const title = model.slots.length === 0 ? 'There are no other free times' : 'Choose a new time';
  return page(site, {
    title: model.error ? `Error: ${title}` : title,
    noindex: true,
    main:
      model.slots.length === 0
        ? html`<h1 class="govuk-heading-l">${title}</h1>
<p class="govuk-body">${model.error ? html`${model.error} ` : ''}All the other times at this surgery are booked. Your appointment is still at ${appointmentTime(model.booking.slotStartsAt)}.</p>
<p class="govuk-body"><a href="${model.booking.managePath}" class="govuk-link">Back to your booking</a></p>`
        : html`${model.error ? errorSummary(model.error) : ''}${slotRadios(model)}`,
  });
}
