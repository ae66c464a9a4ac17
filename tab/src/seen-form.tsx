import { Button, Checkbox, Field, makeStyles, Select, Textarea, tokens } from '@fluentui/react-components';
import { useContext, useEffect, useRef, useState } from 'react';
import { OUTCOME_LIMIT } from '../../bot/api-types';
import type { SeenRecord } from './api-client';
import { TopicsContext } from './consultation-words';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalS },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

interface SeenFormProps {
  lobbyTag: string;
  busy: boolean;
  onConfirm: (record: SeenRecord) => void;
  onCancel: () => void;
}

export function SeenForm({ lobbyTag, busy, onConfirm, onCancel }: SeenFormProps) {
  const styles = useStyles();
  const [outcome, setOutcome] = useState('');
  const topics = useContext(TopicsContext);
  const [topic, setTopic] = useState('');
  const [followUp, setFollowUp] = useState(false);
  const [topicMissing, setTopicMissing] = useState(false);
  const note = useRef<HTMLTextAreaElement>(null);
  const topicSelect = useRef<HTMLSelectElement>(null);

  // The councillor opened this form to write the note, so start there.
  useEffect(() => note.current?.focus(), []);

  return (
    <form
      className={styles.form}
      aria-label={`Mark ${lobbyTag} as seen`}
      // The form says which field to fix itself, in words, rather than the browser's bubble.
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!topic) {
          setTopicMissing(true);
          topicSelect.current?.focus();
          return;
        }
        onConfirm({ outcome, topic, followUp });
      }}
    >
      <Field
        label="Outcome note"
        hint={`Optional. The resident gets this in their summary, with a case reference. Up to ${OUTCOME_LIMIT.toLocaleString('en-GB')} characters.`}
      >
        <Textarea ref={note} value={outcome} maxLength={OUTCOME_LIMIT} resize="vertical" onChange={(_, data) => setOutcome(data.value)} />
      </Field>
      <Field label="Topic" required validationMessage={topicMissing && !topic ? 'Choose a topic.' : undefined}>
        <Select
          ref={topicSelect}
          value={topic}
          onChange={(_, data) => setTopic(topics.find((option) => option.key === data.value)?.key ?? '')}
        >
          <option value="">Choose a topic</option>
          {topics.map((option) => (
            <option key={option.key} value={option.key}>
              {option.words}
            </option>
          ))}
        </Select>
      </Field>
      <Checkbox label="Follow-up needed" checked={followUp} onChange={(_, data) => setFollowUp(data.checked === true)} />
      <div className={styles.buttons}>
        <Button type="submit" appearance="primary" disabledFocusable={busy}>
          Confirm seen
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
