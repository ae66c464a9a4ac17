import { PrivacyNotice, SENSITIVE_DETAILS_WARNING, privacyNoticeText } from '../../domain/privacy-notice';
import { PublicSurgery } from '../../domain/public-surgeries';
import { Html, html } from './html';
import { PageSite, page } from './layout';
import { when, wardPath } from './listing-page';

export interface SurgeryPageModel {
  surgery: PublicSurgery;
  privacy: PrivacyNotice;
  /** Where the bot listens, for the local-mode instructions. */
  botEndpoint: string;
}

function howToChat(site: PageSite, model: SurgeryPageModel): Html {
  if (model.surgery.status === 'ended') {
    return html`<p class="govuk-body">This surgery has ended. <a href="/surgeries" class="govuk-link">See upcoming surgeries</a>.</p>`;
  }
  if (site.localMode) {
    return html`<div class="govuk-inset-text govuk-!-text-break-word">
<p class="govuk-body">This server is running in local mode, so there is no web chat on this page. To chat with the bot as a resident, run <code>npm start</code> and open the Microsoft 365 Agents Playground at <a href="http://localhost:56150" class="govuk-link">http://localhost:56150</a>. It talks to the bot at <code>${model.botEndpoint}</code>.</p>
</div>`;
  }
  return html`<p class="govuk-body">Web chat on this page is coming soon. Until then, if you use Microsoft Teams, send a message to the Surgery Queue app in Teams while the surgery is open.</p>`;
}

/** The surgery's own page, the short link the council publishes: when it is, how it works, how to check in. */
export function surgeryPage(site: PageSite, model: SurgeryPageModel): Html {
  const { surgery } = model;
  const title = `${surgery.ward} ward councillor surgery`;
  return page(site, {
    title,
    main: html`<span class="govuk-caption-l">${when(surgery)}</span>
<h1 class="govuk-heading-l">${title}</h1>
${surgery.status === 'open' ? html`<p class="govuk-body"><strong class="govuk-tag govuk-tag--green">Open now</strong></p>` : ''}
<dl class="govuk-summary-list">
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">When</dt><dd class="govuk-summary-list__value">${when(surgery)}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Councillors</dt><dd class="govuk-summary-list__value">${surgery.councillors.join(', ')}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Where</dt><dd class="govuk-summary-list__value">Online, on Microsoft Teams. No booking needed.</dd></div>
</dl>
<h2 class="govuk-heading-m">How it works</h2>
<ol class="govuk-list govuk-list--number">
<li>When the surgery is open, check in with our chat assistant: give your name, postcode and what you would like to talk about.</li>
<li>It tells you your place in the queue and about when it will be your turn, and gives you a link to a page that shows your place.</li>
<li>When it is your turn, it gives you the meeting link and a name to use. Join the meeting and wait in the lobby: a councillor will let you in.</li>
</ol>
<p class="govuk-body">You can join the meeting in a web browser or the free Teams app, on a phone or a computer. You do not need a Teams account.</p>
<h2 class="govuk-heading-m">Your details</h2>
<p class="govuk-body">${privacyNoticeText(model.privacy)}</p>
<p class="govuk-body">${SENSITIVE_DETAILS_WARNING}</p>
<h2 class="govuk-heading-m">Check in</h2>
${howToChat(site, model)}
<p class="govuk-body"><a href="${wardPath(surgery.wardSlug)}" class="govuk-link">Other ${surgery.ward} ward surgeries</a></p>`,
  });
}
