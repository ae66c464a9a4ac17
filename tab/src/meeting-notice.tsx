import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { QueueView } from '../../bot/api-types';
import { formatTime } from './london-time';

function noticeWords(notice: NonNullable<QueueView['meetingNotice']>): string {
  if (notice.kind === 'started') return 'The Teams meeting has started. Open the surgery so residents can check in.';
  const residents = notice.waiting === 1 ? '1 resident' : `${notice.waiting} residents`;
  return `The Teams meeting ended at ${formatTime(notice.at)} with ${residents} still in the queue. The surgery is still open: end it if nobody is coming back to the meeting.`;
}

/** What the surgery's Teams meeting said that the councillors should act on, with what to do. */
export function MeetingNoticeBar({ notice }: { notice: QueueView['meetingNotice'] }) {
  if (!notice) return null;
  return (
    <MessageBar intent={notice.kind === 'started' ? 'info' : 'warning'} layout="multiline">
      <MessageBarBody>{noticeWords(notice)}</MessageBarBody>
    </MessageBar>
  );
}
