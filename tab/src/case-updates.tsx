import { Button, Checkbox, Field, makeStyles, Textarea, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { CASE_UPDATE_LIMIT, type ResidentRow } from '../../bot/api-types';
import type { CaseUpdate } from './api-client';
import { SentMessages } from './message-resident';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalS },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

interface CaseDetailsProps {
  resident: ResidentRow;
  busy: boolean;
  onUpdate?: (resident: ResidentRow, update: CaseUpdate) => void;
}

/** A seen resident's case: its reference and topic, updates sent so far, and, while it is open, a form for the next. */
export function CaseDetails({ resident, busy, onUpdate }: CaseDetailsProps) {
  const styles = useStyles();
  const [formOpen, setFormOpen] = useState(false);
  const [text, setText] = useState('');
  const [closesCase, setClosesCase] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const { caseReference, topic, caseOpen, lobbyTag } = resident;
  if (!caseReference) return null;
  const close = () => {
    setFormOpen(false);
    opener.current?.focus();
  };

  return (
    <>
      <p>
        Case {caseReference}
        {topic && `, ${topic}`}
        {caseOpen ? ' — follow-up needed' : ' — closed'}
      </p>
      {resident.caseUpdates && <SentMessages messages={resident.caseUpdates} label="Updates sent" />}
      {caseOpen && onUpdate && (
        <Button
          ref={opener}
          size="small"
          aria-label={`Post update ${lobbyTag}`}
          aria-expanded={formOpen}
          onClick={() => (formOpen ? close() : setFormOpen(true))}
        >
          Post update
        </Button>
      )}
      {caseOpen && onUpdate && formOpen && (
        <form
          className={styles.form}
          aria-label={`Update on case ${caseReference}`}
          onSubmit={(event) => {
            event.preventDefault();
            if (text.trim() === '') return;
            onUpdate(resident, { text, closesCase });
            setText('');
            setClosesCase(false);
          }}
        >
          <Field
            label="Update for the resident"
            hint={`For example: I’ve raised this with Highways; reply expected by Friday. Up to ${CASE_UPDATE_LIMIT.toLocaleString('en-GB')} characters.`}
          >
            <Textarea value={text} maxLength={CASE_UPDATE_LIMIT} resize="vertical" onChange={(_, data) => setText(data.value)} />
          </Field>
          <Checkbox label="This closes the case" checked={closesCase} onChange={(_, data) => setClosesCase(data.checked === true)} />
          <div className={styles.buttons}>
            <Button type="submit" appearance="primary" disabledFocusable={busy || text.trim() === ''}>
              Send update
            </Button>
            <Button onClick={close}>Cancel</Button>
          </div>
        </form>
      )}
    </>
  );
}
