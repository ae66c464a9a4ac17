import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Radio,
  RadioGroup,
} from '@fluentui/react-components';
import { FormEvent, useState } from 'react';
import type { ResidentMatch } from '../../../bot/api-types';
import { ApiRefusal, eraseResident, exportResident, messageOf, ResidentSearch as Search, searchResident } from '../api-client';
import { formatMoment } from '../london-time';
import { RefusalBar } from '../refusal-bar';
import { useSectionStyles } from './section-styles';

type Kind = 'email' | 'phone' | 'reference';

const CHOICES: Record<Kind, string> = { email: 'Email', phone: 'Phone', reference: 'Reference' };
const LABELS: Record<Kind, string> = { email: 'Email address', phone: 'Phone number', reference: 'Case or booking reference' };

// What erasure anonymises, in the words of README's retention section: the officer confirms exactly this.
const WHAT_GOES =
  'their name, address, postcode, email and phone, what they came about, access needs, outcome notes, messages, case updates, feedback comments, booking references and manage links, their status page link, their chat (unless newer business uses it) and any messages still waiting to be sent to them';
const WHAT_STAYS = 'What the figures need stays: status, times, topic, follow-up, ward check, booked or drop-in.';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function download(json: unknown, name: string): void {
  const address = URL.createObjectURL(new Blob([JSON.stringify(json, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = address;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(address), 10_000);
}

/** What an erasure of these matches takes away, record by record, for the confirmation. */
function erasureList(matches: ResidentMatch[]): string[] {
  return matches.flatMap((match) => [
    ...match.visits.map((v) => `Visit ${v.lobbyTag} (${v.name}) at the ${match.ward} surgery on ${formatMoment(match.startsAt)}`),
    ...match.bookings.map((b) => `Booking ${b.reference} (${b.name}) at the ${match.ward} surgery, ${formatMoment(b.slotStartsAt)}`),
  ]);
}

/** Subject access and erasure: find a resident's records, download everything held, or erase it. */
export function ResidentSearch() {
  const styles = useSectionStyles();
  const [kind, setKind] = useState<Kind>('email');
  const [value, setValue] = useState('');
  const [asked, setAsked] = useState<Search>();
  const [matches, setMatches] = useState<ResidentMatch[]>();
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // Mounted from the first Erase… on, and kept: unmounting an open dialog would leave the page hidden from assistive technology.
  const [dialogMounted, setDialogMounted] = useState(false);
  const [done, setDone] = useState<string>();

  const search = (event: FormEvent) => {
    event.preventDefault();
    const query = { [kind]: value.trim() } as Search;
    setBusy(true);
    setError(undefined);
    setProblem(undefined);
    setDone(undefined);
    searchResident(query)
      .then(
        (answer) => {
          setAsked(query);
          setMatches(answer.matches);
        },
        (failure: unknown) => {
          if (failure instanceof ApiRefusal && failure.problems.length > 0) setProblem(failure.problems[0]!.message);
          else setError(messageOf(failure));
        },
      )
      .finally(() => setBusy(false));
  };

  const exportAll = () => {
    if (!asked) return;
    setBusy(true);
    exportResident(asked)
      .then(
        (json) => download(json, `resident-data-${new Date().toISOString().slice(0, 10)}.json`),
        (failure: unknown) => setError(messageOf(failure)),
      )
      .finally(() => setBusy(false));
  };

  const erase = () => {
    if (!asked) return;
    setBusy(true);
    eraseResident(asked)
      .then(
        (answer) => {
          const unfinished = answer.unfinishedSurgeryIds.length;
          setDone(
            `Erased: ${plural(answer.erased.visits ?? 0, 'visit')} and ${plural(answer.erased.bookings ?? 0, 'booking')} anonymised.` +
              (unfinished > 0 ? ` ${plural(unfinished, 'surgery', 'surgeries')} were busy: erase again to finish.` : ''),
          );
          setMatches(undefined);
          setConfirming(false);
        },
        (failure: unknown) => setError(messageOf(failure)),
      )
      .finally(() => setBusy(false));
  };

  const found = matches ? erasureList(matches) : [];

  return (
    <section aria-labelledby="find-resident" className={styles.section}>
      <h2 id="find-resident" className={styles.heading}>
        Find a resident's data
      </h2>
      <form className={styles.form} onSubmit={search}>
        <Field label="Search by">
          <RadioGroup value={kind} onChange={(_event, data) => setKind(data.value as Kind)}>
            {(Object.keys(CHOICES) as Kind[]).map((option) => (
              <Radio key={option} value={option} label={CHOICES[option]} />
            ))}
          </RadioGroup>
        </Field>
        <Field label={LABELS[kind]} required validationMessage={problem}>
          <Input value={value} onChange={(_event, data) => setValue(data.value)} type={kind === 'email' ? 'email' : 'text'} />
        </Field>
        <div>
          <Button appearance="primary" type="submit" disabled={busy}>
            Search
          </Button>
        </div>
      </form>
      <RefusalBar message={error} />
      <div role="status">
        {done && <p>{done}</p>}
        {matches && (
          <p>
            {matches.length === 0
              ? 'Nothing is held about anyone found that way.'
              : `Found in ${plural(matches.length, 'surgery', 'surgeries')}.`}
          </p>
        )}
      </div>
      {matches && matches.length > 0 && (
        <>
          <ul className={styles.list}>
            {matches.map((match) => (
              <li key={match.surgeryId} className={styles.item}>
                <h3 className={styles.subheading}>{`${match.ward} surgery, ${formatMoment(match.startsAt)}`}</h3>
                <dl className={styles.facts}>
                  {match.visits.map((v) => (
                    <Fact
                      key={v.visitId}
                      term={`Visit ${v.lobbyTag}`}
                      value={`${v.name}, ${v.status.replace(/_/g, ' ')}, checked in ${formatMoment(v.checkedInAt)}${v.caseReference ? `, case ${v.caseReference}` : ''}`}
                    />
                  ))}
                  {match.bookings.map((b) => (
                    <Fact
                      key={b.bookingId}
                      term={`Booking ${b.reference}`}
                      value={`${b.name}, ${b.status.replace(/_/g, ' ')}, for ${formatMoment(b.slotStartsAt)}`}
                    />
                  ))}
                </dl>
              </li>
            ))}
          </ul>
          <div className={styles.actions}>
            <Button onClick={exportAll} disabled={busy}>
              Download everything held (JSON)
            </Button>
            <Button
              onClick={() => {
                setDialogMounted(true);
                setConfirming(true);
              }}
              disabled={busy}
            >
              Erase…
            </Button>
          </div>
        </>
      )}
      {dialogMounted && (
        <Dialog open={confirming} onOpenChange={(_event, data) => setConfirming(data.open)} modalType="alert">
          <DialogSurface>
            <DialogBody>
              <DialogTitle>Erase this resident's data?</DialogTitle>
              <DialogContent>
                <p>{`${found.length === 1 ? 'This record' : `These ${found.length} records`} will be anonymised now, and cannot be brought back:`}</p>
                <ul>
                  {found.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                <p>{`From each goes ${WHAT_GOES}.`}</p>
                <p>{WHAT_STAYS}</p>
              </DialogContent>
              <DialogActions>
                <Button appearance="primary" onClick={erase} disabled={busy}>
                  Erase now
                </Button>
                <Button onClick={() => setConfirming(false)}>Keep it</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </section>
  );
}

function Fact({ term, value }: { term: string; value: string }) {
  const styles = useSectionStyles();
  return (
    <>
      <dt className={styles.term}>{term}</dt>
      <dd className={styles.value}>{value}</dd>
    </>
  );
}
