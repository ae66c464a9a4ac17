import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { ResidentRow } from '../../bot/api-types';
import type { ResidentMessage, SeenRecord } from './api-client';
import { MessageForm } from './message-resident';
import { NoShowConfirm } from './no-show-confirm';
import { SeenForm } from './seen-form';

const useStyles = makeStyles({
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  // Fluent's default minimum width would push a called resident's three buttons onto two lines in a side panel.
  button: { minWidth: 'auto' },
});

export interface ResidentHandlers {
  admit: (resident: ResidentRow) => void;
  joined: (resident: ResidentRow) => void;
  noShow: (resident: ResidentRow) => void;
  seen: (resident: ResidentRow, record: SeenRecord) => void;
  /** True once the message is sent. */
  message: (resident: ResidentRow, message: ResidentMessage) => Promise<boolean>;
  notReached: (resident: ResidentRow) => void;
}

interface ResidentActionsProps {
  resident: ResidentRow;
  handlers: ResidentHandlers;
  busy: boolean;
  /** After the surgery only a phone resident who was called is still here: seen, or not reached after all. */
  surgeryEnded: boolean;
  now: Date;
}

export function ResidentActions({ resident, handlers, busy, surgeryEnded, now }: ResidentActionsProps) {
  const styles = useStyles();
  const { status, lobbyTag } = resident;
  const [seenFormOpen, setSeenFormOpen] = useState(false);
  const seenButton = useRef<HTMLButtonElement>(null);
  const [messageFormOpen, setMessageFormOpen] = useState(false);
  const messageButton = useRef<HTMLButtonElement>(null);
  const closeMessageForm = () => {
    setMessageFormOpen(false);
    messageButton.current?.focus();
  };
  const [noShowAsked, setNoShowAsked] = useState(false);
  const noShowButton = useRef<HTMLButtonElement>(null);
  // Residents added by hand have no chat to message.
  const canMessage = (status === 'waiting' || status === 'called') && resident.channel !== 'phone' && !surgeryEnded;
  // Every card has the same buttons; the lobby tag in each name tells screen reader users whose they are.
  const labelled = (action: string) => ({ 'aria-label': `${action} ${lobbyTag}`, className: styles.button, disabledFocusable: busy });

  return (
    <>
      <div className={styles.buttons}>
        {status === 'waiting' && (
          <Button {...labelled('Admit')} onClick={() => handlers.admit(resident)}>
            Admit
          </Button>
        )}
        {status === 'called' && !surgeryEnded && (
          <Button {...labelled('Joined')} onClick={() => handlers.joined(resident)}>
            Joined
          </Button>
        )}
        {status === 'called' && !surgeryEnded && (
          <Button ref={noShowButton} {...labelled('No-show')} aria-expanded={noShowAsked} onClick={() => setNoShowAsked(!noShowAsked)}>
            No-show
          </Button>
        )}
        {status === 'called' && surgeryEnded && (
          <Button {...labelled('Not reached')} onClick={() => handlers.notReached(resident)}>
            Not reached
          </Button>
        )}
        {canMessage && (
          <Button
            ref={messageButton}
            aria-label={`Message ${lobbyTag}`}
            className={styles.button}
            aria-expanded={messageFormOpen}
            onClick={() => setMessageFormOpen(!messageFormOpen)}
          >
            Message
          </Button>
        )}
        {(status === 'called' || status === 'in_consultation') && (
          <Button
            ref={seenButton}
            aria-label={`Seen ${lobbyTag}`}
            className={styles.button}
            aria-expanded={seenFormOpen}
            onClick={() => setSeenFormOpen(!seenFormOpen)}
          >
            Seen
          </Button>
        )}
      </div>
      {status === 'called' && !surgeryEnded && noShowAsked && (
        <NoShowConfirm
          resident={resident}
          now={now}
          busy={busy}
          onConfirm={() => handlers.noShow(resident)}
          onCancel={() => {
            setNoShowAsked(false);
            noShowButton.current?.focus();
          }}
        />
      )}
      {canMessage && messageFormOpen && (
        <MessageForm lobbyTag={lobbyTag} busy={busy} onSend={(message) => handlers.message(resident, message)} onClose={closeMessageForm} />
      )}
      {seenFormOpen && (
        <SeenForm
          lobbyTag={lobbyTag}
          busy={busy}
          onConfirm={(record) => handlers.seen(resident, record)}
          onCancel={() => {
            setSeenFormOpen(false);
            seenButton.current?.focus();
          }}
        />
      )}
    </>
  );
}
