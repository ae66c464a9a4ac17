import { Button, Spinner } from '@fluentui/react-components';
import type { FilesInUseView } from '../../../bot/api-types';
import { getWardLists } from '../api-client';
import { formatMoment } from '../london-time';
import { RefusalBar } from '../refusal-bar';
import { useOfficerData } from './use-officer-data';
import { useSectionStyles } from './section-styles';

function FilesFacts({ title, counts, files }: { title: string; counts: string; files: FilesInUseView }) {
  const styles = useSectionStyles();
  return (
    <li className={styles.item}>
      <h3 className={styles.subheading}>{title}</h3>
      <dl className={styles.facts}>
        <dt className={styles.term}>In use</dt>
        <dd className={styles.value}>{counts}</dd>
        <dt className={styles.term}>Files</dt>
        <dd className={styles.value}>{files.files.join(', ')}</dd>
        <dt className={styles.term}>Loaded</dt>
        <dd className={styles.value}>{formatMoment(files.loadedAt)}</dd>
        <dt className={styles.term}>Problems</dt>
        <dd className={styles.value}>
          {files.problems.length === 0 ? (
            'None'
          ) : (
            <>
              A changed file is not in use until these are fixed:
              <ul>
                {files.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </>
          )}
        </dd>
      </dl>
    </li>
  );
}

/** The ward roster and postcode lists the server uses now, and surgeries the roster has no ward for. */
export function WardLists() {
  const styles = useSectionStyles();
  const { data, error, reload } = useOfficerData(getWardLists);
  return (
    <>
      <section aria-labelledby="ward-lists" className={styles.section}>
        <h2 id="ward-lists" className={styles.heading}>
          Ward roster and postcode lists
        </h2>
        <RefusalBar message={error} />
        {!data && !error && <Spinner size="small" label="Loading the lists…" />}
        {data && (
          <ul className={styles.list}>
            {data.roster ? (
              <FilesFacts
                title="Ward roster"
                counts={`${data.roster.wards} wards, ${data.roster.councillors} councillors`}
                files={data.roster}
              />
            ) : (
              <li className={styles.item}>There is no ward roster (WARDS_FILE is not set).</li>
            )}
            {data.postcodes ? (
              <FilesFacts
                title="Postcode lists"
                counts={`${data.postcodes.wards} wards, ${data.postcodes.postcodes} postcodes`}
                files={data.postcodes}
              />
            ) : (
              <li className={styles.item}>There are no postcode lists (WARD_POSTCODES_FILE and WARD_POSTCODES_DIR are not set).</li>
            )}
          </ul>
        )}
        <Button size="small" onClick={reload}>
          Check again
        </Button>
      </section>
      <section aria-labelledby="unmatched-surgeries" className={styles.section}>
        <h2 id="unmatched-surgeries" className={styles.heading}>
          Surgeries not matched to a ward
        </h2>
        {data &&
          (data.unmatchedSurgeries.length === 0 ? (
            <p>{data.roster ? 'Every surgery is in a ward on the roster.' : 'Without a roster, surgeries are not matched to wards.'}</p>
          ) : (
            <>
              <p>The roster has no ward by these names: add the ward to the roster, or correct the surgery's ward.</p>
              <ul className={styles.list}>
                {data.unmatchedSurgeries.map((surgery) => (
                  <li key={surgery.id} className={styles.item}>
                    {`${surgery.ward}: ${formatMoment(surgery.startsAt)} (${surgery.status})`}
                  </li>
                ))}
              </ul>
            </>
          ))}
      </section>
    </>
  );
}
