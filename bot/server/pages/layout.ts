import { Html, html } from './html';

export interface PageSite {
  councilName: string;
  /** Local mode: no sign-in and no Direct Line, shown on every page so nobody mistakes it for the real service. */
  localMode: boolean;
}

export interface PageOptions {
  title: string;
  main: Html;
  /** Reload the page every this many seconds: how a page keeps itself current without JavaScript. */
  refreshSeconds?: number;
  /** Pages behind a secret link must not be listed by search engines. */
  noindex?: boolean;
  /** Extra scripts from our own origin: web chat, and the advice on joining where an iPad may pass for a Mac. */
  scripts?: string[];
}

export const STYLESHEET_PATH = '/public/govuk-frontend.css';

const SERVICE_NAME = 'Councillor surgeries';

/** The GOV.UK page template, without GOV.UK's crest and typeface, which are for GOV.UK itself. */
export function page(site: PageSite, options: PageOptions): Html {
  const capitalised = site.councilName.charAt(0).toUpperCase() + site.councilName.slice(1);
  return html`<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
<meta charset="utf-8">
<title>${options.title} – ${SERVICE_NAME} – ${capitalised}</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#0b0c0c">
${options.noindex ? html`<meta name="robots" content="noindex, nofollow">` : ''}
${options.refreshSeconds ? html`<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ''}
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="govuk-service-navigation" aria-label="Service information">
<div class="govuk-width-container">
<div class="govuk-service-navigation__container">
<span class="govuk-service-navigation__service-name"><a href="/surgeries" class="govuk-service-navigation__link">${capitalised}: ${SERVICE_NAME.toLowerCase()}</a></span>
</div>
</div>
</header>
<div class="govuk-width-container">
${site.localMode ? html`<div class="govuk-phase-banner"><p class="govuk-phase-banner__content"><strong class="govuk-tag govuk-phase-banner__content__tag">Local mode</strong><span class="govuk-phase-banner__text">Local mode — not for production. Nothing here reaches real residents.</span></p></div>` : ''}
<main class="govuk-main-wrapper" id="main-content">
${options.main}
</main>
</div>
<footer class="govuk-footer">
<div class="govuk-width-container">
<div class="govuk-footer__meta">
<div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
<p class="govuk-body-s">${capitalised} runs these online surgeries so residents can talk to their councillors.</p>
</div>
</div>
</div>
</footer>
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</body>
</html>
`;
}

/** "Page not found" for any address nobody was given, saying nothing about what exists. */
export function notFoundPage(site: PageSite): Html {
  return page(site, {
    title: 'Page not found',
    noindex: true,
    main: html`<h1 class="govuk-heading-l">Page not found</h1>
<p class="govuk-body">If you typed the web address, check it is correct.</p>
<p class="govuk-body">If you pasted the web address, check you copied the entire address.</p>
<p class="govuk-body"><a href="/surgeries" class="govuk-link">See upcoming councillor surgeries</a></p>`,
  });
}

/** A form post the server could not read (wrong type, too large, too slow, garbled): what to do, in plain words. */
export function unreadableFormPage(site: PageSite): Html {
  return page(site, {
    title: 'Sorry, we could not read that',
    noindex: true,
    main: html`<h1 class="govuk-heading-l">Sorry, we could not read that</h1>
<p class="govuk-body">Your browser sent something we could not read. Go back, reload the page and try again.</p>`,
  });
}

/** Something went wrong on our side: the GOV.UK words for it, the same on every resident page. */
export function problemPage(site: PageSite): Html {
  return page(site, {
    title: 'Sorry, there is a problem',
    main: html`<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1><p class="govuk-body">Please try again in a few minutes.</p>`,
  });
}
