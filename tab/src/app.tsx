import { FluentProvider, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ServerInfo } from '../../bot/api-types';
import { getServerInfo, messageOf } from './api-client';
import { fluentTheme } from './fluent-theme';
import { LocalModeBanner } from './local-mode-banner';
import { QueuePanel } from './queue-panel';
import { RefusalBar } from './refusal-bar';
import { SurgeryChooser } from './surgery-chooser';
import { useSurgeryId } from './use-surgery-id';
import { useTeamsHost } from './teams-host';

const useStyles = makeStyles({
  root: { minHeight: '100vh' },
  main: {
    boxSizing: 'border-box',
    maxWidth: '40rem',
    padding: tokens.spacingHorizontalM,
    overflowWrap: 'anywhere',
  },
});

export function App() {
  const styles = useStyles();
  const host = useTeamsHost();
  const [surgeryId, showSurgery] = useSurgeryId();
  const [info, setInfo] = useState<ServerInfo>();
  const [infoError, setInfoError] = useState<string>();

  useEffect(() => {
    getServerInfo().then(setInfo, (error: unknown) => setInfoError(messageOf(error)));
  }, []);

  const content = (() => {
    if (infoError) return <RefusalBar message={infoError} />;
    if (host.state === 'loading') return <Spinner label="Connecting to Teams…" />;
    if (!info) return <Spinner label="Loading…" />;
    if (surgeryId) return <QueuePanel key={surgeryId} surgeryId={surgeryId} onBack={() => showSurgery(undefined)} />;
    return <SurgeryChooser defaultLengthMinutes={info.defaultLengthMinutes} onChoose={showSurgery} />;
  })();

  return (
    <FluentProvider theme={fluentTheme(host)} className={styles.root}>
      {info?.localMode && <LocalModeBanner />}
      <main className={styles.main}>{content}</main>
    </FluentProvider>
  );
}
