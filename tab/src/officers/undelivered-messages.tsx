import { Button, Spinner } from '@fluentui/react-components';
import { getUndelivered } from '../api-client';
import { formatMoment } from '../london-time';
import { RefusalBar } from '../refusal-bar';
import { useOfficerData } from './use-officer-data';
import { useSectionStyles } from './section-styles';

const CHANNELS = { chat: 'Chat message', email: 'Email', text: 'Text message' } as const;

/** Messages to residents that failed in the last 7 days: which surgery, whose lobby tag, what failed. */
export function UndeliveredMessages() {
  const styles = useSectionStyles();
  const { data, error, reload } = useOfficerData(getUndelivered);
  return (
    <section aria-labelledby="undelivered" className={styles.section}>
      <h2 id="undelivered" className={styles.heading}>
        Messages not delivered in the last 7 days
      </h2>
      <RefusalBar message={error} />
      {!data && !error && <Spinner size="small" label="Loading messages…" />}
      {data &&
        (data.messages.length === 0 ? (
          <p>Every message in the last 7 days was delivered.</p>
        ) : (
          <ul className={styles.list}>
            {data.messages.map((message, index) => (
              <li key={`${message.surgeryId}-${message.failedAt}-${index}`} className={styles.item}>
                <dl className={styles.facts}>
                  <dt className={styles.term}>Surgery</dt>
                  <dd className={styles.value}>{`${message.ward}, ${formatMoment(message.surgeryStartsAt)}`}</dd>
                  <dt className={styles.term}>Resident</dt>
                  <dd className={styles.value}>{message.lobbyTag ?? 'Not about a visit'}</dd>
                  <dt className={styles.term}>Message</dt>
                  <dd
                    className={styles.value}
                  >{`${CHANNELS[message.channel]}, ${message.attempts} tries, gave up ${formatMoment(message.failedAt)}`}</dd>
                  <dt className={styles.term}>What failed</dt>
                  <dd className={styles.value}>{message.error}</dd>
                </dl>
              </li>
            ))}
          </ul>
        ))}
      <Button size="small" onClick={reload}>
        Check again
      </Button>
    </section>
  );
}
