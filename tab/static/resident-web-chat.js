// @ts-check
// Starts web chat on a surgery page (bot/server/pages/web-chat.ts). Plain ES2017, no build step, so it runs
// as served in Safari on an iPhone. Until it has a chat running, the page keeps its words for people
// without JavaScript; if anything fails, it says so in words instead of showing a broken chat.
(function () {
  'use strict';

  /** Direct Line's connection states, as botframework-directlinejs numbers them. */
  var EXPIRED_TOKEN = 3;
  var FAILED_TO_CONNECT = 4;
  var ENDED = 5;

  var root = /** @type {HTMLElement | null} */ (document.querySelector('[data-web-chat]'));
  if (!root) return;
  var fallback = /** @type {HTMLElement} */ (root.querySelector('[data-web-chat-fallback]'));
  var status = /** @type {HTMLElement} */ (root.querySelector('[data-web-chat-status]'));
  var box = /** @type {HTMLElement} */ (root.querySelector('[data-web-chat-box]'));
  var tokenPath = root.getAttribute('data-token-path') || '';
  var domain = root.getAttribute('data-direct-line') || '';
  // In local mode the server is its own Direct Line, named by its path alone: whichever address the page was opened at.
  if (domain.charAt(0) === '/') domain = window.location.origin + domain;
  var surgeryId = root.getAttribute('data-surgery-id') || '';
  // Before a surgery that takes bookings opens, the chat starts with its booking form instead.
  var startAction = root.getAttribute('data-start') === 'book' ? 'choose_booking_surgery' : 'choose_surgery';

  /** @param {string} words */
  function say(words) {
    status.textContent = words;
  }

  /**
   * Puts the no-chat words back, with why: the resident can still check in through Teams.
   * @param {string} words
   */
  function giveUp(words) {
    box.hidden = true;
    fallback.hidden = false;
    var first = fallback.querySelector('p');
    // The "needs JavaScript" line is wrong once JavaScript has run; the Teams line stays.
    if (first) first.hidden = true;
    say(words);
  }

  // Direct Line binds the token to the user our server asked for, so Web Chat is not told a user id.
  /** @returns {Promise<{ token: string }>} */
  function fetchToken() {
    return fetch(tokenPath, { method: 'POST', headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(
      function (response) {
        if (!response.ok) throw new Error('token ' + response.status);
        return response.json();
      },
    );
  }

  /**
   * Tells the bot which surgery this page is for, so the resident gets its check-in form straight away.
   * A post back is sent as a message but Web Chat does not show it in the conversation.
   * @param {{ dispatch: (action: object) => void }} store
   */
  function chooseThisSurgery(store) {
    store.dispatch({ type: 'WEB_CHAT/SEND_POST_BACK', payload: { value: { action: startAction, surgeryId: surgeryId } } });
  }

  /** @type {any} */
  var WebChat = /** @type {any} */ (window).WebChat;
  // Web Chat's bundle did not load, or does not run in this browser (Web Chat supports recent versions of Safari, Chrome, Edge and Firefox).
  if (!WebChat || typeof WebChat.renderWebChat !== 'function') {
    giveUp('The chat cannot start in this web browser. Try reloading the page, or use another browser.');
    return;
  }

  say('Starting the chat…');
  fetchToken()
    .then(function (answer) {
      // Web Chat refreshes the token itself (botframework-directlinejs asks Direct Line's /tokens/refresh
      // every 15 minutes; tokens last 60), so a chat left open for hours keeps working. A new token from
      // our endpoint would not do: it starts a new conversation for a new user, losing this one.
      var directLine = WebChat.createDirectLine({ token: answer.token, domain: domain, webSocket: false, pollingInterval: 1000 });
      var started = false;
      var store = WebChat.createStore({}, function (/** @type {any} */ api) {
        return function (/** @type {(action: any) => any} */ next) {
          return function (/** @type {any} */ action) {
            if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && !started) {
              started = true;
              chooseThisSurgery(api);
            }
            return next(action);
          };
        };
      });
      directLine.connectionStatus$.subscribe(function (/** @type {number} */ state) {
        if (state === EXPIRED_TOKEN || state === ENDED) {
          giveUp(
            'The chat has stopped. Reload this page to start a new chat. If you already checked in, you keep your place: use the link the chat gave you to see it.',
          );
        } else if (state === FAILED_TO_CONNECT) {
          giveUp('The chat cannot start just now. Please reload this page in a few minutes.');
        }
      });

      box.style.height = '70vh';
      box.style.minHeight = '24rem';
      box.style.maxHeight = '44rem';
      box.style.border = '1px solid #b1b4b6';
      box.hidden = false;
      fallback.hidden = true;
      var styleSet = WebChat.createStyleSet({
        primaryFont: 'arial, sans-serif',
        // Residents have nothing to upload, and files could hold personal data we have not asked for.
        hideUploadButton: true,
        // Lets an Adaptive Card use the whole width of a 320 px screen.
        bubbleMinWidth: 0,
        bubbleMaxWidth: 600,
      });
      // Web Chat colours a card's main button #0078D7, which is 4.49:1 against white text, just under WCAG's
      // 4.5:1. GOV.UK's green button colours pass (5.9:1 and more).
      var cardRules = styleSet.adaptiveCardRenderer['&.webchat__adaptive-card-renderer'] || {};
      styleSet.adaptiveCardRenderer = Object.assign({}, styleSet.adaptiveCardRenderer, {
        '&.webchat__adaptive-card-renderer': Object.assign({}, cardRules, {
          '& .ac-pushButton.style-positive': { backgroundColor: '#00703c', color: 'white' },
          '& .ac-pushButton.style-positive:hover, & .ac-pushButton.style-positive:active': { backgroundColor: '#005a30' },
        }),
      });
      WebChat.renderWebChat({ directLine: directLine, store: store, locale: 'en-GB', styleSet: styleSet }, box);
      say('');
    })
    .catch(function () {
      giveUp('The chat cannot start just now. Please reload this page in a few minutes.');
    });
})();
