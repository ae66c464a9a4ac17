import { makeStyles, tokens } from '@fluentui/react-components';
import { RefObject, useId } from 'react';
import type { QueueView } from '../../bot/api-types';
import type { ResidentHandlers } from './resident-actions';
import { ResidentItem } from './resident-item';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, listStyleType: 'none', margin: 0, padding: 0 },
});

interface ResidentListProps {
  view: QueueView;
  now: Date;
  handlers: ResidentHandlers;
  busy: boolean;
  /** Where focus goes when the control that had it disappears. */
  headingRef?: RefObject<HTMLHeadingElement | null>;
}

export function ResidentList({ view, now, handlers, busy, headingRef }: ResidentListProps) {
  const styles = useStyles();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        In the queue
      </h2>
      {view.active.length === 0 ? (
        <p>Nobody is in the queue.</p>
      ) : (
        <ul className={styles.list} aria-labelledby={headingId}>
          {view.active.map((resident) => (
            <ResidentItem
              key={resident.visitId}
              resident={resident}
              surgeryEndsAt={view.surgery.endsAt}
              surgeryEnded={view.surgery.status === 'ended'}
              now={now}
              handlers={handlers}
              busy={busy}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
