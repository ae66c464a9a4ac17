import { Button, Checkbox, Field, Input, Link, makeStyles, Textarea, tokens } from '@fluentui/react-components';
import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { PhoneResidentRequest, QueueView, ResidentRow } from '../../bot/api-types';
import { addResident, ApiRefusal, messageOf } from './api-client';
import { RefusalBar } from './refusal-bar';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  open: { alignSelf: 'flex-start' },
  summary: {
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThicker} solid ${tokens.colorStatusDangerBorder2}`,
    borderRadius: tokens.borderRadiusMedium,
    '& h3': { margin: 0 },
    '& ul': { margin: `${tokens.spacingVerticalS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
  },
});

type ResidentField = 'name' | 'postcode' | 'issue' | 'phone' | 'accessNeeds';
const FIELDS: ResidentField[] = ['name', 'postcode', 'issue', 'phone', 'accessNeeds'];

const EMPTY = { name: '', postcode: '', issue: '', phone: '', accessNeeds: '' };

interface AddResidentProps {
  surgeryId: string;
  /** The queue with the new resident in it. */
  onAdded: (view: QueueView, added: ResidentRow) => void;
}

/**
 * "Add a resident": for someone who rang the council or cannot use the chat. They join the queue by
 * phone; councillors ring them (or text alerts reach a mobile) when it is their turn.
 */
export function AddResident({ surgeryId, onAdded }: AddResidentProps) {
  const styles = useStyles();
  const idPrefix = useId();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState(EMPTY);
  const [noPhone, setNoPhone] = useState(false);
  const [problems, setProblems] = useState<{ field: string; message: string }[]>([]);
  const [refusal, setRefusal] = useState<string>();
  const [sending, setSending] = useState(false);
  const [added, setAdded] = useState<string>('');
  const openButton = useRef<HTMLButtonElement>(null);
  const firstInput = useRef<HTMLInputElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const [focusAfter, setFocusAfter] = useState<'form' | 'summary' | 'button'>();

  // Focus moves after React has drawn what it moves to: the form's first field, the error summary, or back.
  useEffect(() => {
    if (focusAfter === 'form') firstInput.current?.focus();
    if (focusAfter === 'summary') summary.current?.focus();
    if (focusAfter === 'button') openButton.current?.focus();
    setFocusAfter(undefined);
  }, [focusAfter]);

  const idOf = (field: ResidentField): string => `${idPrefix}-${field}`;
  const problemOf = (field: ResidentField): string | undefined => problems.find((problem) => problem.field === field)?.message;
  const problemProps = (field: ResidentField) => {
    const message = problemOf(field);
    return message ? { validationState: 'error' as const, validationMessage: message } : {};
  };
  const set = (field: ResidentField) => (_: unknown, data: { value: string }) => setValues((now) => ({ ...now, [field]: data.value }));

  const close = (): void => {
    setOpen(false);
    setValues(EMPTY);
    setNoPhone(false);
    setProblems([]);
    setRefusal(undefined);
    setFocusAfter('button');
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSending(true);
    setRefusal(undefined);
    const request: PhoneResidentRequest = { ...values, phone: noPhone ? '' : values.phone, noPhone };
    try {
      const answer = await addResident(surgeryId, request);
      onAdded(answer.view, answer.added);
      setAdded(`${answer.added.name} is in the queue as ${answer.added.lobbyTag}.`);
      close();
    } catch (error) {
      const fieldProblems = error instanceof ApiRefusal ? error.problems.filter((p) => FIELDS.includes(p.field as ResidentField)) : [];
      setProblems(fieldProblems);
      if (fieldProblems.length > 0) setFocusAfter('summary');
      else setRefusal(messageOf(error));
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <div role="status">{added}</div>
      {!open && (
        <Button
          ref={openButton}
          className={styles.open}
          onClick={() => {
            setAdded('');
            setOpen(true);
            setFocusAfter('form');
          }}
        >
          Add a resident
        </Button>
      )}
      {open && (
        <form className={styles.form} onSubmit={submit} noValidate aria-labelledby={`${idPrefix}-heading`}>
          <h2 id={`${idPrefix}-heading`} className={styles.heading}>
            Add a resident
          </h2>
          <p>For someone who rang the council or cannot use the chat. They join the queue by phone.</p>
          {problems.length > 0 && (
            <div ref={summary} className={styles.summary} tabIndex={-1} role="group" aria-labelledby={`${idPrefix}-problems`}>
              <h3 id={`${idPrefix}-problems`}>There is a problem</h3>
              <ul>
                {problems.map((problem) => (
                  <li key={problem.field}>
                    <Link
                      href={`#${idOf(problem.field as ResidentField)}`}
                      onClick={(event) => {
                        event.preventDefault();
                        document.getElementById(idOf(problem.field as ResidentField))?.focus();
                      }}
                    >
                      {problem.message}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <RefusalBar message={refusal} />
          <Field label="Name" required {...problemProps('name')}>
            <Input id={idOf('name')} ref={firstInput} autoComplete="off" value={values.name} onChange={set('name')} />
          </Field>
          <Field label="Postcode" hint="For example, SW1A 1AA" required {...problemProps('postcode')}>
            <Input id={idOf('postcode')} autoComplete="off" value={values.postcode} onChange={set('postcode')} />
          </Field>
          <Field label="What they would like to talk about" required {...problemProps('issue')}>
            <Textarea id={idOf('issue')} resize="vertical" value={values.issue} onChange={set('issue')} />
          </Field>
          <Field
            label="Phone number"
            hint="A UK landline or mobile, like 01632 960123 or 07700 900123. You will ring them when it is their turn."
            {...problemProps('phone')}
          >
            <Input
              id={idOf('phone')}
              type="tel"
              autoComplete="off"
              disabled={noPhone}
              value={noPhone ? '' : values.phone}
              onChange={set('phone')}
            />
          </Field>
          <Checkbox label="They have no phone" checked={noPhone} onChange={(_, data) => setNoPhone(data.checked === true)} />
          <Field
            label="Access needs (optional)"
            hint="Anything that would help them take part, like a BSL interpreter."
            {...problemProps('accessNeeds')}
          >
            <Textarea id={idOf('accessNeeds')} resize="vertical" value={values.accessNeeds} onChange={set('accessNeeds')} />
          </Field>
          <div className={styles.buttons}>
            <Button type="submit" appearance="primary" disabledFocusable={sending}>
              Add to the queue
            </Button>
            <Button type="button" onClick={close}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
