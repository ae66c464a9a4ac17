import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useState } from 'react';
import type { MeetingApisRefused } from '../../bot/api-types';

/**
 * Teams would not answer Surgery Queue's questions about the meeting: what councillors miss, what still works,
 * and which permission an officer must allow. Dismissed, it stays away until Teams refuses again.
 */
export function MeetingApisRefusedBar({ refusedAt }: { refusedAt?: MeetingApisRefused | undefined }) {
  const [dismissed, setDismissed] = useState<string>();
  const shown = [refusedAt?.participants, refusedAt?.details].filter((at) => at !== undefined).join(' ');
  if (!refusedAt || shown === '' || dismissed === shown) return null;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Teams is not sharing this meeting with Surgery Queue</MessageBarTitle>
        {refusedAt.participants && (
          <>
            Teams would not tell Surgery Queue who this meeting’s organiser and presenters are, so the set-up form is not filled in from the
            meeting, and Teams’ roles cannot keep a meeting attendee from setting up a surgery here (the council’s list of ward councillors
            still decides who may). Everything else works: type the time and the meeting link in. To have them filled in, ask the council’s
            IT officers to allow Surgery Queue’s meeting permission OnlineMeetingParticipant.Read.Chat (the officer guide says how), then
            remove the app from this meeting and add it again.{' '}
          </>
        )}
        {refusedAt.details && (
          <>
            Teams would not give Surgery Queue this meeting’s details, so the set-up form is not filled in from the meeting. Everything else
            works: type the time and the meeting link in. To have them filled in, ask the officers to allow the meeting permission
            OnlineMeeting.ReadBasic.Chat.
          </>
        )}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" aria-label="Dismiss the note about what Teams will not share" onClick={() => setDismissed(shown)}>
          Dismiss
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
