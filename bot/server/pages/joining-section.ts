import { DialIn, JoiningDevice, JoiningTip, joiningTips } from '../../domain/joining-advice';
import { Html, html } from './html';

export const JOINING_SCRIPT_PATH = '/public/joining-advice.js';

/** The page script matters only where an iPad may be hiding behind a Mac's user agent. */
export function joiningScripts(device: JoiningDevice | undefined): string[] {
  return device === 'mac_safari' ? [JOINING_SCRIPT_PATH] : [];
}

function tipHtml(tip: JoiningTip): Html {
  return html`${tip.text}${tip.link ? html` <a href="${tip.link.url}" class="govuk-link" rel="noreferrer">${tip.link.text}</a>` : ''}`;
}

/**
 * "How you will join", fitted to the device the browser says it is: its advice first and plain to see,
 * the rest behind "Joining on another device" (the resident may join from another device). With no device
 * known, every tip is listed. The page script (tab/static/joining-advice.js) puts an iPad's advice first,
 * as iPadOS Safari calls itself a Mac; without JavaScript an iPad reads the Mac's, which also says to use the app.
 */
export function joiningSection(dialIn: DialIn | undefined, device: JoiningDevice | undefined): Html {
  const heading = html`<h2 class="govuk-heading-m" id="how-you-will-join">How you will join the meeting</h2>`;
  if (!device) {
    return html`<section data-joining-advice aria-labelledby="how-you-will-join">${heading}
<ul class="govuk-list govuk-list--bullet">${joiningTips(dialIn).map((tip) => html`<li data-joining-tip="${tip.for}">${tipHtml(tip)}</li>`)}</ul>
</section>`;
  }
  const [fits, ...others] = joiningTips(dialIn, device);
  const phone = others.filter((tip) => tip.for === 'phone');
  const otherDevices = others.filter((tip) => tip.for !== 'phone');
  return html`<section data-joining-advice data-device="${device}" aria-labelledby="how-you-will-join">${heading}
<div class="govuk-inset-text" data-joining-tip="${fits!.for}" data-joining-fits>${tipHtml(fits!)}</div>
${phone.map((tip) => html`<p class="govuk-body" data-joining-tip="phone">${tipHtml(tip)}</p>`)}
<details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Joining on another device</span></summary>
<div class="govuk-details__text"><ul class="govuk-list govuk-list--bullet">${otherDevices.map((tip) => html`<li data-joining-tip="${tip.for}">${tipHtml(tip)}</li>`)}</ul></div>
</details>
</section>`;
}
