import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { useState } from 'react';
import type { QueueView } from '../../bot/api-types';
import { formatTime } from './london-time';

type MeetingNotice = NonNullable<QueueView['meetingNotice']>;

function noticeWords(notice: MeetingNotice): string {
  if (notice.kind === 'started') return 'The Teams meeting has started. Open the surgery so residents can check in.';
  const residents = notice.waiting === 1 ? '1 resident' : `${notice.waiting} residents`;
  return `The Teams meeting ended at ${formatTime(notice.at)} with ${residents} still in the queue. The surgery is still open: end it if nobody is coming back to the meeting.`;
}

/**
 * What the surgery's Teams meeting said that the councillors should act on, with what to do. The surgery keeps only
 * its latest notice; one the councillor dismissed stays away until the meeting says something new.
 */
export function MeetingNoticeBar({ notice }: { notice: QueueView['meetingNotice'] }) {
  const [dismissed, setDismissed] = useState<string>();
  if (!notice) return null;
  const which = `${notice.kind} ${notice.at}`;
  if (dismissed === which) return null;
  return (
    <MessageBar intent={notice.kind === 'started' ? 'info' : 'warning'} layout="multiline">
      <MessageBarBody>{noticeWords(notice)}</MessageBarBody>
      <MessageBarActions>
        <Button size="small" aria-label="Dismiss the meeting notice" onClick={() => setDismissed(which)}>
          Dismiss
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
