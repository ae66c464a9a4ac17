import { Button, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import type { SurgerySummary } from '../../bot/api-types';
import { listMeetingSurgeries, messageOf } from './api-client';
import { formatSession } from './london-time';
import { MeetingSetUp } from './meeting-set-up';
import { RefusalBar } from './refusal-bar';
import { TabSettings, useConfigPage } from './teams-host';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalS, '& p': { margin: 0 } },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
});

interface MeetingConfigProps {
  meetingId: string;
  defaultLengthMinutes: number;
}

/**
 * The configuration page Teams shows when the app is added to a meeting: set up (or confirm) the surgery
 * this meeting runs, then Save. The tab it saves finds that surgery by the meeting id, with no more steps.
 */
export function MeetingConfig({ meetingId, defaultLengthMinutes }: MeetingConfigProps) {
  const styles = useStyles();
  const [surgeries, setSurgeries] = useState<SurgerySummary[]>();
  const [loadError, setLoadError] = useState<string>();
  const [addingAnother, setAddingAnother] = useState(false);

  useEffect(() => {
    listMeetingSurgeries(meetingId).then(
      (list) => setSurgeries(list.surgeries),
      (error: unknown) => setLoadError(messageOf(error)),
    );
  }, [meetingId]);

  const settings = useMemo<TabSettings | undefined>(() => {
    if (!surgeries || surgeries.length === 0) return undefined;
    const tabUrl = `${window.location.origin}/tab/`;
    return { contentUrl: tabUrl, websiteUrl: tabUrl, entityId: 'surgery-queue', suggestedDisplayName: 'Surgery queue' };
  }, [surgeries]);
  useConfigPage(settings);

  const setUp = (surgery: SurgerySummary): void => {
    setSurgeries((current) => [...(current ?? []), surgery]);
    setAddingAnother(false);
  };

  return (
    <div className={styles.page}>
      <h1 className={styles.heading}>Surgery queue for this meeting</h1>
      <RefusalBar message={loadError} />
      {!surgeries && !loadError && <Spinner label="Loading…" />}
      {surgeries && surgeries.length > 0 && (
        <>
          <p>This meeting runs:</p>
          <ul className={styles.list} aria-label="Surgeries in this meeting">
            {surgeries.map((surgery) => (
              <li key={surgery.id}>
                {surgery.ward} surgery, {formatSession(surgery.startsAt, surgery.endsAt)}
              </li>
            ))}
          </ul>
          <p>Select Save to add the queue to the meeting.</p>
          {!addingAnother && <Button onClick={() => setAddingAnother(true)}>Set up another surgery in this meeting</Button>}
        </>
      )}
      {surgeries && (surgeries.length === 0 || addingAnother) && (
        <MeetingSetUp meetingId={meetingId} defaultLengthMinutes={defaultLengthMinutes} heading="Set up the surgery" onSetUp={setUp} />
      )}
    </div>
  );
}
