import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Link, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { SurgeryStatistics, SurgerySummary } from '../../bot/api-types';
import { getSurgeryStatistics, messageOf } from './api-client';
import { RefusalBar } from './refusal-bar';
import { useNow } from './use-now';
import { VisitFiguresTable } from './visit-figures';
import { WaitChart } from './wait-chart';
import { wardReportAddress } from './ward-address';

const useStyles = makeStyles({
  heading: { margin: 0 },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  // At least 24 px high, as WCAG 2.5.8 asks of a target next to others.
  report: { alignSelf: 'flex-start', minHeight: '24px', display: 'inline-flex', alignItems: 'center' },
});

// The summary follows the queue on every change; this keeps its timeline moving while nothing changes.
const REFRESH_MS = 60_000;

interface SummaryProps {
  surgery: SurgerySummary;
  /** Changes whenever the queue does (the streamed view's time), so the figures follow it. */
  changedAt: string;
}

function SummaryFigures({ surgery, changedAt }: SummaryProps) {
  const styles = useStyles();
  const tick = useNow(REFRESH_MS);
  const [summary, setSummary] = useState<SurgeryStatistics>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let mounted = true;
    getSurgeryStatistics(surgery.id).then(
      (next) => {
        if (!mounted) return;
        setSummary(next);
        setError(undefined);
      },
      (failure: unknown) => mounted && setError(messageOf(failure)),
    );
    return () => {
      mounted = false;
    };
  }, [surgery.id, changedAt, tick]);

  return (
    <div className={styles.body}>
      {/* First, so it stays where it is when the figures arrive and a press meant for it never lands on them. */}
      <Link
        className={styles.report}
        href={wardReportAddress(surgery.wardCode ?? surgery.ward)}
      >{`${surgery.ward} ward report, month by month`}</Link>
      <RefusalBar message={error} />
      {!summary && !error && <Spinner size="small" label="Working out the figures…" />}
      {summary && (
        <>
          <VisitFiguresTable figures={summary.figures} caption={surgery.status === 'ended' ? 'This surgery' : 'This surgery so far'} />
          <WaitChart timeline={summary.timeline} />
        </>
      )}
    </div>
  );
}

/** Figures about this surgery, live while it runs; folded away until asked for, like Finished. */
export function SurgerySummarySection(props: SummaryProps) {
  const styles = useStyles();
  return (
    <Accordion collapsible>
      <AccordionItem value="summary">
        <AccordionHeader as="h2" className={styles.heading}>
          Summary
        </AccordionHeader>
        <AccordionPanel>
          <SummaryFigures {...props} />
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
