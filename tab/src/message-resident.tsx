import { Button, Field, makeStyles, Textarea, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { CouncillorMessageRow } from '../../bot/api-types';
import type { ResidentMessage } from './api-client';
import { MESSAGE_LIMIT } from '../../bot/api-types';
import { QUICK_REPLY_OPTIONS } from './consultation-words';
import { formatTime } from './london-time';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalS },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  quickReply: { minWidth: 'auto', textAlign: 'start' },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  quiet: { color: tokens.colorNeutralForeground2 },
  // colorStatusDangerForeground1 falls below 4.5:1 on the dark themes' background (4.16:1).
  warning: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorPaletteRedForeground1 },
});

interface MessageFormProps {
  lobbyTag: string;
  busy: boolean;
  /** True once the message is sent. */
  onSend: (message: ResidentMessage) => Promise<boolean>;
  onClose: () => void;
}

/**
 * Quick replies send with one press; the councillor's own words need Send. Either way the form closes once the
 * message is sent (it shows under the resident's card), and stays open with the words kept when it is refused.
 */
export function MessageForm({ lobbyTag, busy, onSend, onClose }: MessageFormProps) {
  const styles = useStyles();
  const [text, setText] = useState('');
  const firstReply = useRef<HTMLButtonElement>(null);

  useEffect(() => firstReply.current?.focus(), []);

  const send = (message: ResidentMessage) =>
    void onSend(message).then((sent) => {
      if (sent) onClose();
    });

  return (
    <form
      className={styles.form}
      aria-label={`Message ${lobbyTag}`}
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim() === '') return;
        send({ text });
      }}
    >
      <div className={styles.buttons} role="group" aria-label="Quick replies">
        {QUICK_REPLY_OPTIONS.map((reply, index) => (
          <Button
            key={reply.key}
            ref={index === 0 ? firstReply : undefined}
            className={styles.quickReply}
            size="small"
            disabledFocusable={busy}
            onClick={() => send({ quickReply: reply.key })}
          >
            {reply.words}
          </Button>
        ))}
      </div>
      <Field label="Your own message" hint={`Up to ${MESSAGE_LIMIT} characters. The resident sees it in their chat.`}>
        <Textarea value={text} maxLength={MESSAGE_LIMIT} resize="vertical" onChange={(_, data) => setText(data.value)} />
      </Field>
      <div className={styles.buttons}>
        <Button type="submit" appearance="primary" disabledFocusable={busy || text.trim() === ''}>
          Send
        </Button>
        <Button onClick={onClose}>Close</Button>
      </div>
    </form>
  );
}

const deliveryWords = (message: CouncillorMessageRow): string =>
  message.delivered === undefined ? 'Sending…' : message.delivered ? 'Delivered' : 'Not delivered';

/** What the councillors have said to this resident, each with whether it reached them. */
export function SentMessages({ messages, label = 'Messages sent' }: { messages: readonly CouncillorMessageRow[]; label?: string }) {
  const styles = useStyles();
  if (messages.length === 0) return null;
  return (
    <ul className={styles.list} aria-label={label}>
      {messages.map((message) => (
        <li key={message.id}>
          {message.text}{' '}
          <span className={message.delivered === false ? styles.warning : styles.quiet}>
            ({formatTime(message.at)}, {deliveryWords(message)})
          </span>
        </li>
      ))}
    </ul>
  );
}
