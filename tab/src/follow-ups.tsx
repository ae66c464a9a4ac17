import { Button, Link, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useId, useState } from 'react';
import { CHANNEL_NAMES, type FollowUpRow } from '../../bot/api-types';
import { type CaseUpdate, getFollowUps, messageOf } from './api-client';
import { CaseDetails } from './case-updates';
import { RefusalBar } from './refusal-bar';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    '& p': { margin: 0 },
  },
  issue: { whiteSpace: 'pre-wrap' },
  done: { alignSelf: 'flex-start' },
});

const WHY: Record<FollowUpRow['why'], string> = {
  not_reached: 'Not reached before the surgery ended',
  left_issue: 'Left their issue for you to follow up',
};

function HowToReach({ followUp }: { followUp: FollowUpRow }) {
  const { contact, phone } = followUp;
  if (contact?.kind === 'email') return <p>Email: {<Link href={`mailto:${contact.value}`}>{contact.value}</Link>}</p>;
  if (contact?.kind === 'mobile') return <p>Mobile: {<Link href={`tel:${contact.value}`}>{contact.value}</Link>}</p>;
  if (phone) return <p>Phone: {<Link href={`tel:${phone.tel}`}>{phone.words}</Link>}</p>;
  return (
    <p>{followUp.channel === 'phone' ? 'No phone number or email given.' : `Reached through ${CHANNEL_NAMES[followUp.channel]} only.`}</p>
  );
}

interface FollowUpsProps {
  surgeryId: string;
  /** Changes whenever the queue does (the streamed view's time), so the list follows it. */
  changedAt: string;
  busy: boolean;
  onCaseUpdate: (followUp: FollowUpRow, update: CaseUpdate) => void;
  onDone: (followUp: FollowUpRow) => void;
}

/**
 * After the surgery: everyone it did not see whose issue the councillors take on, with their issue and how
 * to reach them, until each is done.
 */
export function FollowUps({ surgeryId, changedAt, busy, onCaseUpdate, onDone }: FollowUpsProps) {
  const styles = useStyles();
  const headingId = useId();
  const [followUps, setFollowUps] = useState<FollowUpRow[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let mounted = true;
    getFollowUps(surgeryId).then(
      (list) => {
        if (!mounted) return;
        setFollowUps(list.followUps);
        setError(undefined);
      },
      (failure: unknown) => mounted && setError(messageOf(failure)),
    );
    return () => {
      mounted = false;
    };
  }, [surgeryId, changedAt]);

  const open = followUps?.filter((f) => f.open).length ?? 0;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Follow-ups{followUps && ` (${open} to do)`}</h2>
      <RefusalBar message={error} />
      {!followUps && !error && <Spinner size="small" label="Loading the follow-ups…" />}
      {followUps?.length === 0 && <p>Nobody was left without a visit.</p>}
      {followUps && followUps.length > 0 && (
        <ul className={styles.list} aria-labelledby={headingId}>
          {followUps.map((followUp) => (
            <li key={followUp.visitId} className={styles.item}>
              <p>
                <strong>{followUp.lobbyTag}</strong>, {followUp.name}, {followUp.postcode}
              </p>
              <p>{WHY[followUp.why]}</p>
              <p className={styles.issue}>Issue: {followUp.issue}</p>
              <HowToReach followUp={followUp} />
              <CaseDetails resident={followUp} busy={busy} onUpdate={(_, update) => onCaseUpdate(followUp, update)} />
              {followUp.open && (
                <Button
                  className={styles.done}
                  size="small"
                  aria-label={`Done ${followUp.lobbyTag}`}
                  disabledFocusable={busy}
                  onClick={() => onDone(followUp)}
                >
                  Done
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
