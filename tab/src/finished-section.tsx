import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, makeStyles, tokens } from '@fluentui/react-components';
import type { ResidentRow } from '../../bot/api-types';
import type { CaseUpdate } from './api-client';
import { CaseDetails } from './case-updates';
import { formatTime } from './london-time';
import { NotDelivered } from './not-delivered';
import { residentStatusWords } from './status-words';

const useStyles = makeStyles({
  heading: { margin: 0 },
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  item: {
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    '& p': { margin: 0 },
  },
  outcome: { whiteSpace: 'pre-wrap' },
});

/** Residents whose visit is over, most recent first, folded away until asked for. */
interface FinishedSectionProps {
  finished: ResidentRow[];
  busy?: boolean;
  /** Posts a progress update on a resident's open case. */
  onCaseUpdate?: (resident: ResidentRow, update: CaseUpdate) => void;
}

export function FinishedSection({ finished, busy = false, onCaseUpdate }: FinishedSectionProps) {
  const styles = useStyles();
  return (
    <Accordion collapsible>
      <AccordionItem value="finished">
        <AccordionHeader as="h2" className={styles.heading}>
          Finished ({finished.length})
        </AccordionHeader>
        <AccordionPanel>
          {finished.length === 0 ? (
            <p>Nobody has finished yet.</p>
          ) : (
            <ul className={styles.list} aria-label="Finished">
              {finished.map((resident) => (
                <li key={resident.visitId} className={styles.item}>
                  <p>
                    <strong>{resident.lobbyTag}</strong>, {resident.name}
                  </p>
                  <p>
                    {residentStatusWords(resident)}
                    {resident.finishedAt && ` at ${formatTime(resident.finishedAt)}`}
                  </p>
                  {resident.outcome && <p className={styles.outcome}>Outcome: {resident.outcome}</p>}
                  <NotDelivered resident={resident} />
                  <CaseDetails resident={resident} busy={busy} {...(onCaseUpdate ? { onUpdate: onCaseUpdate } : {})} />
                </li>
              ))}
            </ul>
          )}
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
