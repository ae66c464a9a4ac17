import { Spinner } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { ApiRefusal, findMeetingSurgery, isForOthers, isSignInFailure, messageOf } from './api-client';
import { CouncillorsOnly } from './councillors-only';
import { MeetingSetUp } from './meeting-set-up';
import { QueuePanel } from './queue-panel';
import { RefusalBar } from './refusal-bar';

type Found =
  | { state: 'looking' }
  | { state: 'found'; surgeryId: string }
  | { state: 'none' }
  | { state: 'councillors-only'; signInFailed: boolean }
  | { state: 'failed'; message: string };

interface MeetingSurgeryProps {
  meetingId: string;
  defaultLengthMinutes: number;
}

/** A meeting's tab or side panel: the surgery run in this meeting, straight away, for its councillors only. */
export function MeetingSurgery({ meetingId, defaultLengthMinutes }: MeetingSurgeryProps) {
  const [found, setFound] = useState<Found>({ state: 'looking' });

  useEffect(() => {
    let mounted = true;
    findMeetingSurgery(meetingId).then(
      (surgery) => mounted && setFound({ state: 'found', surgeryId: surgery.id }),
      (error: unknown) => {
        if (!mounted) return;
        // Residents admitted to the meeting are usually guests with no Teams sign-in for this app.
        if (isForOthers(error) || isSignInFailure(error)) setFound({ state: 'councillors-only', signInFailed: isSignInFailure(error) });
        else if (error instanceof ApiRefusal && error.code === 'MEETING.NO_SURGERY') setFound({ state: 'none' });
        else setFound({ state: 'failed', message: messageOf(error) });
      },
    );
    return () => {
      mounted = false;
    };
  }, [meetingId]);

  switch (found.state) {
    case 'looking':
      return <Spinner label="Finding this meeting’s surgery…" />;
    case 'found':
      return <QueuePanel key={found.surgeryId} surgeryId={found.surgeryId} />;
    case 'councillors-only':
      return (
        <CouncillorsOnly
          {...(found.signInFailed ? { note: 'Councillors: Teams could not sign you in. Close the panel and open it again.' } : {})}
        />
      );
    case 'failed':
      return <RefusalBar message={found.message} />;
    case 'none':
      return (
        <>
          <p>No surgery has been set up for this meeting yet.</p>
          <MeetingSetUp
            meetingId={meetingId}
            defaultLengthMinutes={defaultLengthMinutes}
            heading="Set up this meeting’s surgery"
            onSetUp={(surgery) => setFound({ state: 'found', surgeryId: surgery.id })}
          />
        </>
      );
  }
}
