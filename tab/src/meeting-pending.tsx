import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useState } from 'react';
import type { MeetingPendingView } from '../../bot/api-types';
import { formatMoment } from './london-time';

function madeWords({ what, by, at }: MeetingPendingView): string {
  if (what.includes('cancelled')) return `${by} cancelled the surgery on ${formatMoment(at)}.`;
  const changed = what.map((field) => (field === 'time' ? 'the time' : 'the councillors')).join(' and ');
  return `${by} changed ${changed} on ${formatMoment(at)}.`;
}

function stillWords({ what }: MeetingPendingView): string {
  if (what.includes('cancelled')) return 'Until then the meeting stays in calendars.';
  return 'Until then calendars show the meeting as it was.';
}

/**
 * A change the surgery's Teams meeting does not show yet, for every councillor: who made it, that only the
 * organiser's sign-in can change the meeting, and that it happens when they next open the panel, or why it failed.
 */
export function MeetingPendingBar({ pending }: { pending?: MeetingPendingView | undefined }) {
  const [dismissed, setDismissed] = useState<string>();
  const shown = pending && `${pending.id} ${pending.refused ?? ''}`;
  if (!pending || dismissed === shown) return null;
  const { organiser } = pending;
  return (
    <MessageBar intent={pending.refused ? 'error' : 'info'} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>The Teams meeting is not updated yet</MessageBarTitle>
        {madeWords(pending)}{' '}
        {pending.refused
          ? `Surgery Queue tried to update the Teams meeting as ${organiser}, who set the surgery up, but could not. ${pending.refused}`
          : `Only ${organiser}, who set the surgery up, can change its Teams meeting, so Surgery Queue updates it the next time ${organiser} opens this panel. ${stillWords(pending)}`}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" aria-label="Dismiss the note about the meeting not updated yet" onClick={() => setDismissed(shown)}>
          Dismiss
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
