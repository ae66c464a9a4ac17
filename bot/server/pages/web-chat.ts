import { Html, html } from './html';

/** Where a surgery page's web chat gets its token and talks to the bot. */
export interface WebChatModel {
  surgeryId: string;
  /** Direct Line's REST address, <DIRECT_LINE_BASE_URL>/v3/directline. */
  directLineDomain: string;
  /** Web Chat's browser bundle, served by us (never a CDN), with its version in the path. */
  bundlePath: string;
  /**
   * What the chat starts with: this surgery's check-in form, or (before it opens) its booking form; "later"
   * when there is nothing to do in the chat yet, so the page says when there will be.
   */
  start: 'check_in' | 'book' | 'later';
}

const WEB_CHAT_TOKEN_PATH = '/api/directline/token';
export const WEB_CHAT_SCRIPT_PATH = '/public/resident-web-chat.js';

/**
 * The chat region on a surgery page. Without JavaScript, or until the chat has started, it shows the
 * fallback words; the page script (tab/static/resident-web-chat.js) swaps them for Web Chat.
 */
export function webChatRegion(model: WebChatModel, fallback: Html): Html {
  return html`<div class="govuk-!-margin-bottom-6" data-web-chat data-token-path="${WEB_CHAT_TOKEN_PATH}" data-direct-line="${model.directLineDomain}" data-surgery-id="${model.surgeryId}" data-start="${model.start}">
<div data-web-chat-fallback>
<p class="govuk-body">To check in on this page, you need JavaScript switched on in your web browser.</p>
${fallback}
</div>
<p class="govuk-body" data-web-chat-status role="status"></p>
<div data-web-chat-box role="region" aria-labelledby="check-in" hidden></div>
</div>`;
}

/** The scripts a page with web chat loads, in order: Web Chat itself, then ours. */
export function webChatScripts(model: WebChatModel): string[] {
  return [model.bundlePath, WEB_CHAT_SCRIPT_PATH];
}
