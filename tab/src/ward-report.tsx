import { Button, Field, Input, Link, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { WardReport as Report } from '../../bot/api-types';
import { downloadWardVisits, getWardReport, messageOf } from './api-client';
import { useFigureTableStyles } from './figure-table-styles';
import { formatSession, toLondonInput } from './london-time';
import { RefusalBar } from './refusal-bar';
import { VisitFiguresTable } from './visit-figures';
import { wardReportAddress } from './ward-address';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: `${tokens.spacingVerticalS} 0 0` },
  back: { alignSelf: 'flex-start' },
  note: { margin: 0, color: tokens.colorNeutralForeground2 },
});

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortMonthFormat = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthName = (month: string, format = monthFormat): string => format.format(new Date(`${month}-01T00:00:00Z`));
const medianWait = (minutes: number | undefined): string => (minutes === undefined ? '—' : `${minutes} min`);

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: string[][] }) {
  const styles = useFigureTableStyles();
  return (
    <table className={styles.table}>
      <caption className={styles.caption}>{caption}</caption>
      <thead>
        <tr>
          {head.map((title) => (
            <th key={title} scope="col" className={`${styles.cell} ${styles.figure}`}>
              {title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([first, ...rest], index) => (
          <tr key={index}>
            <th scope="row" className={styles.cell}>
              {first}
            </th>
            {rest.map((value, column) => (
              <td key={column} className={`${styles.cell} ${styles.figure}`}>
                {value}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A ward's surgeries for one month, the six months' trend, and the anonymous export for analysts. */
export function WardReport({ ward, month: askedMonth }: { ward: string; month?: string }) {
  const styles = useStyles();
  const [month, setMonth] = useState(() => (askedMonth && MONTH.test(askedMonth) ? askedMonth : toLondonInput(new Date()).slice(0, 7)));
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<string>();
  const [downloading, setDownloading] = useState(false);

  useEffect(() => {
    if (!MONTH.test(month)) return undefined;
    let mounted = true;
    setReport(undefined);
    setError(undefined);
    window.history.replaceState(null, '', wardReportAddress(ward, month));
    getWardReport(ward, month).then(
      (next) => mounted && setReport(next),
      (failure: unknown) => mounted && setError(messageOf(failure)),
    );
    return () => {
      mounted = false;
    };
  }, [ward, month]);

  const download = (): void => {
    setDownloading(true);
    downloadWardVisits(ward, month)
      .then(
        ({ file, name }) => {
          const address = URL.createObjectURL(file);
          const link = document.createElement('a');
          link.href = address;
          link.download = name;
          document.body.append(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(address), 10_000);
        },
        (failure: unknown) => setError(messageOf(failure)),
      )
      .finally(() => setDownloading(false));
  };

  return (
    <div className={styles.page}>
      <Link className={styles.back} href="?">
        All surgeries
      </Link>
      <h1 className={styles.heading}>{report ? `${report.ward} ward report` : 'Ward report'}</h1>
      <Field label="Month" validationMessage={MONTH.test(month) ? undefined : 'Choose a month.'}>
        <Input type="month" value={month} onChange={(_event, data) => setMonth(data.value)} />
      </Field>
      <RefusalBar message={error} />
      {!report && !error && MONTH.test(month) && <Spinner size="small" label="Working out the figures…" />}
      {report && (
        <>
          <VisitFiguresTable figures={report.figures} caption={`All surgeries in ${monthName(report.month)}`} />
          {report.surgeries.length === 0 ? (
            <p className={styles.note}>{`No surgeries in ${monthName(report.month)}.`}</p>
          ) : (
            <Table
              caption="Each surgery"
              head={['Surgery', 'Seen', 'Median wait']}
              rows={report.surgeries.map((s) => [
                formatSession(s.startsAt, s.endsAt),
                `${s.figures.seen} of ${s.figures.checkedIn}`,
                medianWait(s.figures.wait.medianMinutes),
              ])}
            />
          )}
          <Table
            caption="Six months"
            head={['Month', 'Surgeries', 'Seen', 'Median wait']}
            rows={report.trend.map((m) => [
              monthName(m.month, shortMonthFormat),
              String(m.surgeries),
              `${m.figures.seen} of ${m.figures.checkedIn}`,
              medianWait(m.figures.wait.medianMinutes),
            ])}
          />
          <div>
            <Button appearance="primary" disabledFocusable={downloading} onClick={download}>
              Download visits (CSV)
            </Button>
            <p className={styles.note}>
              One anonymous row per visit in the month: no names, postcodes, issues or contact details. Opens in Excel.
            </p>
          </div>
        </>
      )}
    </div>
  );
}
