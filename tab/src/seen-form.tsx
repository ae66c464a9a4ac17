import { Button, Field, makeStyles, Textarea, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalS },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

const MAX_OUTCOME_LENGTH = 1000;

interface SeenFormProps {
  lobbyTag: string;
  busy: boolean;
  onConfirm: (outcome: string) => void;
  onCancel: () => void;
}

export function SeenForm({ lobbyTag, busy, onConfirm, onCancel }: SeenFormProps) {
  const styles = useStyles();
  const [outcome, setOutcome] = useState('');
  const note = useRef<HTMLTextAreaElement>(null);

  // The councillor opened this form to write the note, so start there.
  useEffect(() => note.current?.focus(), []);

  return (
    <form
      className={styles.form}
      aria-label={`Mark ${lobbyTag} as seen`}
      onSubmit={(event) => {
        event.preventDefault();
        onConfirm(outcome);
      }}
    >
      <Field label="Outcome note" hint="Optional. Up to 1,000 characters.">
        <Textarea ref={note} value={outcome} maxLength={MAX_OUTCOME_LENGTH} resize="vertical" onChange={(_, data) => setOutcome(data.value)} />
      </Field>
      <div className={styles.buttons}>
        <Button type="submit" appearance="primary" disabledFocusable={busy}>
          Confirm seen
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
