import { Spinner } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { MeetingDetails, SurgerySummary } from '../../bot/api-types';
import { getMeetingDetails } from './api-client';
import { SetUpForm } from './set-up-form';

interface MeetingSetUpProps {
  meetingId: string;
  defaultLengthMinutes: number;
  heading: string;
  onSetUp: (surgery: SurgerySummary) => void;
}

/** The set-up form for a surgery in this meeting, filled in with what Teams says about the meeting. */
export function MeetingSetUp({ meetingId, defaultLengthMinutes, heading, onSetUp }: MeetingSetUpProps) {
  // undefined while asking; null when Teams (through the bot) could not say, and the councillor types it in.
  const [meeting, setMeeting] = useState<MeetingDetails | null>();

  useEffect(() => {
    let mounted = true;
    getMeetingDetails(meetingId).then(
      (details) => mounted && setMeeting(details),
      () => mounted && setMeeting(null),
    );
    return () => {
      mounted = false;
    };
  }, [meetingId]);

  if (meeting === undefined) return <Spinner label="Asking Teams about this meeting…" />;
  return (
    <SetUpForm
      defaultLengthMinutes={defaultLengthMinutes}
      meetingId={meetingId}
      heading={heading}
      onSetUp={onSetUp}
      {...(meeting ? { meeting } : {})}
    />
  );
}
