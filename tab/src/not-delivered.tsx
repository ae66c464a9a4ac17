import { Link, makeStyles, tokens } from '@fluentui/react-components';
import type { NotDeliveredReason, ResidentRow } from '../../bot/api-types';

const useStyles = makeStyles({
  notice: {
    padding: tokens.spacingHorizontalS,
    borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteRedBorder2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  // colorStatusDangerForeground1 falls below 4.5:1 on the dark themes' background (4.16:1).
  warning: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorPaletteRedForeground1 },
});

const MESSAGE_WORDS: Record<string, string> = {
  called: '"It is your turn"',
  place: 'Place card update',
  not_reached: '"The surgery has ended"',
  no_show: '"We could not see you"',
  reinstated: '"You are back in the queue"',
  break: 'News of a break',
  summary: 'Visit summary',
  message: 'Your message',
  alert: 'Alert',
  case_update: 'Case update',
};

const WHY: Record<NotDeliveredReason, string> = {
  chat_closed: 'Their chat is closed: they may have blocked or removed it.',
  no_answer: 'It was tried again and again, but could not be sent.',
  refused: 'It was refused, for example a number that cannot get texts.',
};

/** The other way to reach the resident, or what to do when there is none. */
function WhatToDo({ resident }: { resident: ResidentRow }) {
  const { reachInstead, lobbyTag, status } = resident;
  if (reachInstead?.kind === 'phone') {
    return (
      <>
        Phone them on <Link href={`tel:${reachInstead.phone.tel}`}>{reachInstead.phone.words}</Link>.
      </>
    );
  }
  if (reachInstead?.kind === 'email') {
    return (
      <>
        Email them at <Link href={`mailto:${reachInstead.email}`}>{reachInstead.email}</Link>.
      </>
    );
  }
  if (status === 'waiting' || status === 'called')
    return <>They gave no phone number or email: look out for {lobbyTag} in the meeting lobby and admit them when they join.</>;
  if (resident.caseReference)
    return <>They gave no phone number or email: if they get in touch, give them case reference {resident.caseReference}.</>;
  return <>They gave no phone number or email, so there is no other way to reach them from here.</>;
}

/** A message that did not reach the resident, why, and what the councillor can do instead. */
export function NotDelivered({ resident }: { resident: ResidentRow }) {
  const styles = useStyles();
  const { lastMessage } = resident;
  if (lastMessage?.delivered !== false) return null;
  const what = MESSAGE_WORDS[lastMessage.kind];
  return (
    <div className={styles.notice}>
      <p className={styles.warning}>Message not delivered{what ? `: ${what}` : ''}</p>
      <p>
        {lastMessage.reason && `${WHY[lastMessage.reason]} `}
        <WhatToDo resident={resident} />
      </p>
    </div>
  );
}
