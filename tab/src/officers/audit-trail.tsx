import { Button, Field, Input, Select, Spinner } from '@fluentui/react-components';
import { FormEvent, useCallback, useState } from 'react';
import type { AuditAction } from '../../../bot/api-types';
import { getAuditTrail } from '../api-client';
import { formatMoment } from '../london-time';
import { RefusalBar } from '../refusal-bar';
import { useOfficerData } from './use-officer-data';
import { useSectionStyles } from './section-styles';

const ACTIONS: Record<AuditAction, string> = {
  viewed_queue: 'viewed the queue',
  opened: 'opened the surgery',
  ended: 'ended the surgery',
  cancelled: 'cancelled the surgery',
  changed: 'changed the surgery',
  reopened: 'reopened the surgery',
  paused: 'started a break',
  resumed: 'ended a break',
  undone: 'undid a no-show or not reached',
  marked_not_reached: 'marked not reached',
  follow_up_done: 'marked a follow-up done',
  added: 'added a resident',
  admitted: 'admitted',
  joined: 'marked joined',
  marked_seen: 'marked seen',
  no_show: 'marked no-show',
  messaged: 'messaged a resident',
  case_updated: 'updated a case',
  booking_no_show: 'marked a booking missed',
  searched: "searched for a resident's data",
  exported: "exported a resident's data",
  erased: "erased a resident's data",
};

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Who viewed or changed residents' records, and officers' data requests, filtered by surgery and person. */
export function AuditTrail() {
  const styles = useSectionStyles();
  const [surgery, setSurgery] = useState('');
  const [person, setPerson] = useState('');
  const [filter, setFilter] = useState({ surgery: '', person: '' });
  const load = useCallback(() => getAuditTrail(filter), [filter]);
  const { data, error } = useOfficerData(load);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ surgery, person: person.trim() });
  };

  return (
    <section aria-labelledby="audit-trail" className={styles.section}>
      <h2 id="audit-trail" className={styles.heading}>
        Audit trail
      </h2>
      <form className={styles.form} onSubmit={apply}>
        <Field label="Surgery">
          <Select value={surgery} onChange={(_event, data) => setSurgery(data.value)}>
            <option value="">All surgeries</option>
            {data?.surgeries.map((s) => (
              <option key={s.id} value={s.id}>{`${s.ward}, ${formatMoment(s.startsAt)}`}</option>
            ))}
          </Select>
        </Field>
        <Field label="Person" hint="Part of a name or an account id">
          <Input value={person} onChange={(_event, data) => setPerson(data.value)} />
        </Field>
        <div>
          <Button type="submit">Show</Button>
        </div>
      </form>
      <RefusalBar message={error} />
      {!data && !error && <Spinner size="small" label="Loading the audit trail…" />}
      <div role="status">
        {data && (
          <p>{data.lines.length === 0 ? 'Nothing recorded matches.' : `${plural(data.lines.length, 'entry', 'entries')}, newest first.`}</p>
        )}
      </div>
      {data && data.lines.length > 0 && (
        <ul className={styles.list}>
          {data.lines.map((line, index) => (
            <li key={`${line.at}-${index}`} className={styles.item}>
              <strong>{formatMoment(line.at)}</strong> {`${line.who.name} ${ACTIONS[line.action]}`}
              {line.ward ? ` (${line.ward} surgery)` : ''}
              {line.visits + line.bookings > 0
                ? `: ${[line.visits > 0 ? plural(line.visits, 'visit') : '', line.bookings > 0 ? plural(line.bookings, 'booking') : ''].filter(Boolean).join(', ')}`
                : ''}
              {line.detail ? `. ${line.detail}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
