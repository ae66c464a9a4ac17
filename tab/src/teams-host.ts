import { app, authentication, pages } from '@microsoft/teams-js';
import { useEffect, useState } from 'react';

// The only module that talks to teams-js: everything else sees these plain types and functions.

export type HostTheme = 'default' | 'dark' | 'contrast';

export interface TeamsContext {
  meetingId?: string;
  userId?: string;
  tenantId?: string;
  /** "content", "sidePanel", "settings" (the configuration page)... */
  frameContext?: string;
  theme: HostTheme;
}

export type TeamsHost = { state: 'loading' } | { state: 'standalone' } | { state: 'teams'; context: TeamsContext };

// A frame whose parent is not Teams never answers; teams-js would wait 60 s before giving up.
const GIVE_UP_AFTER_MS = 5_000;

function hostTheme(theme: string | undefined): HostTheme {
  return theme === 'dark' || theme === 'contrast' ? theme : 'default';
}

async function connectToTeams(): Promise<TeamsContext> {
  await app.initialize();
  const context = await app.getContext();
  // Tells Teams the tab has loaded, in case the manifest asks Teams to show a loading indicator.
  app.notifySuccess().catch(() => undefined);
  return {
    meetingId: context.meeting?.id,
    userId: context.user?.id,
    tenantId: context.user?.tenant?.id,
    frameContext: context.page.frameContext,
    theme: hostTheme(context.app.theme),
  };
}

function giveUpLater(): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('Teams did not answer')), GIVE_UP_AFTER_MS));
}

// Started once per page: React may run effects twice, and teams-js must be initialised only once.
let connection: Promise<TeamsContext> | undefined;

/** Whether the tab runs inside Teams, and if so the meeting, user and theme Teams reports (the theme live). */
export function useTeamsHost(): TeamsHost {
  const inFrame = window.parent !== window;
  const [host, setHost] = useState<TeamsHost>(inFrame ? { state: 'loading' } : { state: 'standalone' });

  useEffect(() => {
    if (!inFrame) return undefined;
    let mounted = true;
    connection ??= Promise.race([connectToTeams(), giveUpLater()]);
    connection.then(
      (context) => {
        if (!mounted) return;
        setHost({ state: 'teams', context });
        app.registerOnThemeChangeHandler((theme) => {
          if (mounted) setHost({ state: 'teams', context: { ...context, theme: hostTheme(theme) } });
        });
      },
      () => {
        if (mounted) setHost({ state: 'standalone' });
      },
    );
    return () => {
      mounted = false;
    };
  }, [inFrame]);

  return host;
}

/** Teams single sign-on: a token for this app's API, for the person using Teams. No prompt. */
export function getTeamsToken(): Promise<string> {
  return authentication.getAuthToken();
}

/** What Teams keeps about the tab once the configuration page is saved. */
export interface TabSettings {
  contentUrl: string;
  websiteUrl: string;
  entityId: string;
  suggestedDisplayName: string;
}

/**
 * The configuration page's part of the Teams conversation: Teams enables Save once the page says it is
 * valid, and on Save asks for the settings (undefined: not ready, Save fails with the reason).
 */
export function useConfigPage(settings: TabSettings | undefined): void {
  useEffect(() => {
    pages.config.setValidityState(settings !== undefined);
    pages.config.registerOnSaveHandler((event) => {
      if (!settings) {
        event.notifyFailure('Set up the surgery first.');
        return;
      }
      pages.config.setConfig(settings).then(
        () => event.notifySuccess(),
        (error: unknown) => event.notifyFailure(error instanceof Error ? error.message : 'Teams could not save the tab.'),
      );
    });
  }, [settings]);
}
