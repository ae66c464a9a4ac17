// @ts-check
// Puts an iPad's advice on joining first (bot/server/pages/joining-section.ts). iPadOS Safari sends a Mac's
// user agent, so the server gives a Mac's advice; a Mac has no touch screen, an iPad does. Plain ES2017,
// no build step, so it runs as served in Safari.
(function () {
  'use strict';
  var section = document.querySelector('[data-joining-advice][data-device="mac_safari"]');
  if (!section || !(navigator.maxTouchPoints > 0)) return;
  var fits = section.querySelector('[data-joining-fits]');
  var ipad = section.querySelector('li[data-joining-tip="apple_mobile"]');
  if (!fits || !ipad) return;
  var macWords = fits.innerHTML;
  fits.innerHTML = ipad.innerHTML;
  fits.setAttribute('data-joining-tip', 'apple_mobile');
  ipad.innerHTML = macWords;
  ipad.setAttribute('data-joining-tip', 'mac_safari');
  section.setAttribute('data-device', 'apple_mobile');
})();
