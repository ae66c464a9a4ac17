import { FluentProvider, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ServerInfo } from '../../../bot/api-types';
import { ApiRefusal, getServerInfo, getWardLists, messageOf, signInWith } from '../api-client';
import { PlainNotice } from '../councillors-only';
import { fluentTheme } from '../fluent-theme';
import { LocalModeBanner } from '../local-mode-banner';
import { RefusalBar } from '../refusal-bar';
import { getTeamsToken, useTeamsHost } from '../teams-host';
import { AuditTrail } from './audit-trail';
import { ResidentSearch } from './resident-search';
import { UndeliveredMessages } from './undelivered-messages';
import { WardLists } from './ward-lists';

const useStyles = makeStyles({
  root: { minHeight: '100vh' },
  main: {
    boxSizing: 'border-box',
    maxWidth: '48rem',
    padding: tokens.spacingHorizontalM,
    overflowWrap: 'anywhere',
  },
  heading: { margin: `0 0 ${tokens.spacingVerticalM}`, fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600 },
});

type Access = 'checking' | 'officer' | 'not_officer';

/** The officers' page: residents' data requests, the ward lists in use, messages that failed and the audit trail. */
export function OfficersApp() {
  const styles = useStyles();
  const host = useTeamsHost();
  const [info, setInfo] = useState<ServerInfo>();
  const [error, setError] = useState<string>();
  const [access, setAccess] = useState<Access>('checking');

  useEffect(() => {
    getServerInfo().then(setInfo, (failure: unknown) => setError(messageOf(failure)));
  }, []);

  // Inside Teams, and not in local mode, every request carries the officer's Teams sign-in token.
  useEffect(() => {
    if (!info || host.state === 'loading') return;
    if (!info.localMode && host.state !== 'teams') return;
    if (!info.localMode) signInWith(getTeamsToken);
    getWardLists().then(
      () => setAccess('officer'),
      (failure: unknown) => {
        if (failure instanceof ApiRefusal && failure.status === 403) setAccess('not_officer');
        else setError(messageOf(failure));
      },
    );
  }, [info, host.state]);

  const content = (() => {
    if (error) return <RefusalBar message={error} />;
    if (host.state === 'loading') return <Spinner label="Connecting to Teams…" />;
    if (!info) return <Spinner label="Loading…" />;
    if (!info.localMode && host.state !== 'teams')
      return <PlainNotice message="Open the officers' page in Microsoft Teams: it signs you in there." />;
    if (access === 'checking') return <Spinner label="Checking who you are…" />;
    if (access === 'not_officer') {
      return (
        <PlainNotice message="This page is for the council officers who handle residents' data requests. Ask IT to add you to OFFICER_ACCOUNTS if you need it." />
      );
    }
    return (
      <>
        <h1 className={styles.heading}>Officers' page</h1>
        <ResidentSearch />
        <WardLists />
        <UndeliveredMessages />
        <AuditTrail />
      </>
    );
  })();

  return (
    <FluentProvider theme={fluentTheme(host)} className={styles.root}>
      {info?.localMode && <LocalModeBanner />}
      <main className={styles.main}>{content}</main>
    </FluentProvider>
  );
}
