import { app } from '@microsoft/teams-js';
import { useEffect, useState } from 'react';

export type HostTheme = 'default' | 'dark' | 'contrast';

export interface TeamsContext {
  meetingId?: string;
  userId?: string;
  tenantId?: string;
  frameContext?: string;
  theme: HostTheme;
}

export type TeamsHost =
  | { state: 'loading' }
  | { state: 'standalone' }
  | { state: 'teams'; context: TeamsContext };

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

/** Whether the tab runs inside Teams, and if so the meeting, user and theme Teams reports. */
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
