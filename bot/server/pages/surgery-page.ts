import type { JoiningDevice } from '../../domain/joining-advice';
import { PrivacyNotice, SENSITIVE_DETAILS_WARNING, privacyNoticeText } from '../../domain/privacy-notice';
import { PublicSurgery } from '../../domain/public-surgeries';
import { Html, html } from './html';
import { joiningScripts, joiningSection } from './joining-section';
import { PageSite, page } from './layout';
import { howToCome, when, wardPath } from './listing-page';
import { WebChatModel, webChatRegion, webChatScripts } from './web-chat';

export interface SurgeryPageModel {
  surgery: PublicSurgery;
  privacy: PrivacyNotice;
  /** Set when the page offers web chat: the server has Direct Line, and the surgery is open or can be booked. */
  webChat?: WebChatModel;
  /** The device the resident's browser says it is, so the advice on joining fits it. */
  device?: JoiningDevice;
  /** The meeting has a phone line. Its number is given to residents in the queue, like the join link, never on this public page. */
  phoneLine: boolean;
}

const phoneLineWords = html`<p class="govuk-body" data-joining-tip="phone">No smartphone or computer? You can join this surgery by phone. We give you the number and conference ID when you check in.</p>`;

const teamsInstead = html`<p class="govuk-body">If you use Microsoft Teams, you can check in there instead: send a message to the Surgery Queue app while the surgery is open.</p>`;

// Booking is a conversation with the same chat assistant residents check in with.
const howToBook = html`<h2 class="govuk-heading-m" id="book">Book a slot</h2>
<p class="govuk-body">To book a time, send the message “book” to our chat assistant (see Check in, below), or to the Surgery Queue app in Microsoft Teams. Give your name, address and what you would like to talk about, and choose a time.</p>
<p class="govuk-body">You will get a booking reference and a link where you can change or cancel your booking. If you give an email address, you will also get a calendar invitation.</p>
<p class="govuk-body">On the day, once the surgery is open, check in with the link or with your reference and postcode. A councillor will see you at your time.</p>`;

function howToChat(model: SurgeryPageModel): Html {
  if (model.surgery.cancelled) {
    return html`<p class="govuk-body">This surgery has been cancelled. <a href="${wardPath(model.surgery.wardSlug)}" class="govuk-link">See other ${model.surgery.ward} ward surgeries</a>.</p>`;
  }
  if (model.surgery.status === 'ended') {
    return html`<p class="govuk-body">This surgery has ended. <a href="/surgeries" class="govuk-link">See upcoming surgeries</a>.</p>`;
  }
  if (model.webChat && model.webChat.start !== 'later') return webChatRegion(model.webChat, teamsInstead);
  if (model.webChat)
    return html`<p class="govuk-body">When the surgery is open, you can check in here with our chat assistant.</p>${teamsInstead}`;
  return html`<p class="govuk-body">Web chat on this page is coming soon. Until then, if you use Microsoft Teams, send a message to the Surgery Queue app in Teams while the surgery is open.</p>`;
}

/** The surgery's own page, the short link the council publishes: when it is, how it works, how to check in. */
export function surgeryPage(site: PageSite, model: SurgeryPageModel): Html {
  const { surgery } = model;
  const title = `${surgery.ward} ward councillor surgery`;
  const chatNow = model.webChat !== undefined && model.webChat.start !== 'later';
  const ended = surgery.status === 'ended';
  return page(site, {
    title,
    scripts: [...(chatNow ? webChatScripts(model.webChat!) : []), ...(ended ? [] : joiningScripts(model.device))],
    main: html`<span class="govuk-caption-l">${when(surgery)}</span>
<h1 class="govuk-heading-l">${title}</h1>
${surgery.cancelled ? html`<p class="govuk-body"><strong class="govuk-tag govuk-tag--red">Cancelled</strong> This surgery will not take place.</p>` : ''}
${surgery.status === 'open' ? html`<p class="govuk-body"><strong class="govuk-tag govuk-tag--green">Open now</strong></p>` : ''}
<dl class="govuk-summary-list">
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">When</dt><dd class="govuk-summary-list__value">${when(surgery)}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Councillors</dt><dd class="govuk-summary-list__value">${surgery.councillors.join(', ')}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Where</dt><dd class="govuk-summary-list__value">Online, on Microsoft Teams. ${howToCome(surgery)}</dd></div>
</dl>
${surgery.mode !== 'drop_in' && !ended ? howToBook : ''}
<h2 class="govuk-heading-m">How it works</h2>
<ol class="govuk-list govuk-list--number">
<li>When the surgery is open, check in with our chat assistant: give your name, postcode and what you would like to talk about.</li>
<li>It tells you your place in the queue and about when it will be your turn, and gives you a link to a page that shows your place.</li>
<li>When it is your turn, it gives you the meeting link and a name to use. Join the meeting and wait in the lobby: a councillor will let you in.</li>
</ol>
${ended ? '' : joiningSection(undefined, model.device)}
${!ended && model.phoneLine ? phoneLineWords : ''}
<h2 class="govuk-heading-m">Your details</h2>
<p class="govuk-body">${privacyNoticeText(model.privacy)}</p>
<p class="govuk-body">${SENSITIVE_DETAILS_WARNING}</p>
<h2 class="govuk-heading-m" id="check-in">Check in</h2>
${howToChat(model)}
<p class="govuk-body"><a href="${wardPath(surgery.wardSlug)}" class="govuk-link">Other ${surgery.ward} ward surgeries</a></p>`,
  });
}
