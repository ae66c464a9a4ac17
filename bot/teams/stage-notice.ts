import type { TargetedMeetingNotification } from 'botbuilder';
import type { StageNoticeMessage } from '../domain/messages';

// More tags than this would not fit the notification's title line.
const TAGS_SHOWN = 3;

function tags(lobbyTags: readonly string[]): string {
  const shown = lobbyTags.slice(0, TAGS_SHOWN).join(', ');
  const more = lobbyTags.length - TAGS_SHOWN;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

/** What the councillors read on the stage: lobby tags only, never a name, address or issue. */
function stageNoticeTitle({ notice }: Pick<StageNoticeMessage, 'notice'>): string {
  if (notice.kind === 'resident_waiting') return `Surgery Queue: ${tags(notice.lobbyTags)} is waiting to be seen`;
  const many = notice.lobbyTags.length > 1;
  return `Surgery Queue: ${tags(notice.lobbyTags)} ${many ? 'were' : 'was'} called and ${many ? 'have' : 'has'} not joined yet`;
}

/**
 * The targeted meeting notification for POST /v1/meetings/{meetingId}/notification, as documented at
 * https://learn.microsoft.com/en-us/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis#targeted-meeting-notification-and-app-icon-badging-api:
 * - type "targetedMeetingNotification";
 * - value.recipients: the councillors' Entra object ids (at most 10), the only people who see it;
 * - value.surfaces: one "meetingStage" surface of contentType "task", whose content.value opens a page
 *   (url, height, width, title) on the stage. The page is the councillors' tab, which shows residents only
 *   to the surgery's councillors, and the title names residents by lobby tag alone.
 */
export function stageNotification(message: StageNoticeMessage, tabUrl: string): TargetedMeetingNotification {
  return {
    type: 'targetedMeetingNotification',
    value: {
      recipients: message.recipients,
      surfaces: [
        {
          surface: 'meetingStage',
          contentType: 'task',
          content: { value: { height: 300, width: 400, title: stageNoticeTitle(message), url: tabUrl } },
        },
      ],
    },
  };
}
