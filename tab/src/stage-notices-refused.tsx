import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useState } from 'react';

/**
 * Teams refused Surgery Queue's notices on the meeting stage: what councillors miss, what still works, and what
 * an officer must do. Dismissed, it stays away until Teams refuses again after showing one.
 */
export function StageNoticesRefusedBar({ refusedAt }: { refusedAt?: string | undefined }) {
  const [dismissed, setDismissed] = useState<string>();
  if (!refusedAt || dismissed === refusedAt) return null;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>No notices on the meeting stage</MessageBarTitle>
        Teams would not show Surgery Queue’s notices in this meeting, so you will not see one when a resident checks in to an empty queue or
        a called resident is late to join. Everything else works: keep this panel open, as it shows the same. To get the notices, ask the
        council’s IT officers to allow Surgery Queue’s meeting permission OnlineMeetingNotification.Send.Chat (the officer guide says how),
        then remove the app from this meeting and add it again.
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" aria-label="Dismiss the note about notices on the meeting stage" onClick={() => setDismissed(refusedAt)}>
          Dismiss
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
