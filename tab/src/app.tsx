import { FluentProvider, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { ReactNode, useEffect, useState } from 'react';
import type { ServerInfo } from '../../bot/api-types';
import { getServerInfo, messageOf, signInWith } from './api-client';
import { TopicsContext } from './consultation-words';
import { PlainNotice } from './councillors-only';
import { fluentTheme } from './fluent-theme';
import { LocalModeBanner } from './local-mode-banner';
import { MeetingConfig } from './meeting-config';
import { MeetingSurgery } from './meeting-surgery';
import { QueuePanel } from './queue-panel';
import { RefusalBar } from './refusal-bar';
import { SurgeryChooser } from './surgery-chooser';
import { useSurgeryId } from './use-surgery-id';
import { getTeamsToken, TeamsHost, useTeamsHost } from './teams-host';
import { wardInAddress } from './ward-address';
import { WardReport } from './ward-report';

const useStyles = makeStyles({
  root: { minHeight: '100vh' },
  main: {
    boxSizing: 'border-box',
    maxWidth: '40rem',
    padding: tokens.spacingHorizontalM,
    overflowWrap: 'anywhere',
  },
});

// The manifest's configurationUrl is /tab/?config=1; Teams also says so with the "settings" frame.
const askedForConfigPage = new URLSearchParams(window.location.search).get('config') === '1';

interface PageProps {
  host: TeamsHost;
  info: ServerInfo;
  surgeryId: string | undefined;
  showSurgery: (surgeryId: string | undefined) => void;
}

/** Which page to show: a meeting's configuration page, a meeting's own surgery, or any surgery by choice. */
function page({ host, info, surgeryId, showSurgery }: PageProps): ReactNode {
  const context = host.state === 'teams' ? host.context : undefined;
  if (!info.localMode && !context) return <PlainNotice message="Open the surgery queue in Microsoft Teams: it signs you in there." />;
  const meetingId = context?.meetingId;
  if (context?.frameContext === 'settings') {
    return meetingId ? (
      <MeetingConfig meetingId={meetingId} defaultLengthMinutes={info.defaultLengthMinutes} />
    ) : (
      <PlainNotice message="Add the surgery queue to a Teams meeting to set up its surgery." />
    );
  }
  if (askedForConfigPage) return <PlainNotice message="Add the surgery queue to a Teams meeting to set up its surgery." />;
  const wardAsked = wardInAddress();
  if (wardAsked) return <WardReport ward={wardAsked.ward} {...(wardAsked.month ? { month: wardAsked.month } : {})} />;
  if (meetingId && !surgeryId) return <MeetingSurgery meetingId={meetingId} defaultLengthMinutes={info.defaultLengthMinutes} />;
  if (surgeryId) return <QueuePanel key={surgeryId} surgeryId={surgeryId} onBack={() => showSurgery(undefined)} />;
  return <SurgeryChooser defaultLengthMinutes={info.defaultLengthMinutes} makesMeetings={info.makesMeetings} onChoose={showSurgery} />;
}

export function App() {
  const styles = useStyles();
  const host = useTeamsHost();
  const [surgeryId, showSurgery] = useSurgeryId();
  const [info, setInfo] = useState<ServerInfo>();
  const [infoError, setInfoError] = useState<string>();
  const [signInReady, setSignInReady] = useState(false);

  useEffect(() => {
    getServerInfo().then(setInfo, (error: unknown) => setInfoError(messageOf(error)));
  }, []);

  // Inside Teams, and not in local mode, every request carries the person's Teams sign-in token.
  useEffect(() => {
    if (!info || host.state === 'loading') return;
    if (!info.localMode && host.state === 'teams') signInWith(getTeamsToken);
    setSignInReady(true);
  }, [info, host.state]);

  const content = (() => {
    if (infoError) return <RefusalBar message={infoError} />;
    if (host.state === 'loading') return <Spinner label="Connecting to Teams…" />;
    if (!info || !signInReady) return <Spinner label="Loading…" />;
    return <TopicsContext.Provider value={info.topics}>{page({ host, info, surgeryId, showSurgery })}</TopicsContext.Provider>;
  })();

  return (
    <FluentProvider theme={fluentTheme(host)} className={styles.root}>
      {info?.localMode && <LocalModeBanner />}
      <main className={styles.main}>{content}</main>
    </FluentProvider>
  );
}
