import { Link } from '@fluentui/react-components';
import { useId, useState } from 'react';

const SUMMARY_LENGTH = 120;

// Cuts at a word boundary so the summary does not end mid-word.
function summarise(issue: string): string {
  const cut = issue.slice(0, SUMMARY_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > SUMMARY_LENGTH / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

export function IssueSummary({ issue }: { issue: string }) {
  const [expanded, setExpanded] = useState(false);
  const textId = useId();
  if (issue.length <= SUMMARY_LENGTH) return <p>{issue}</p>;
  return (
    <p>
      <span id={textId}>{expanded ? issue : summarise(issue)}</span>{' '}
      <Link as="button" aria-expanded={expanded} aria-controls={textId} onClick={() => setExpanded(!expanded)}>
        {expanded ? 'Show less' : 'Show more'}
      </Link>
    </p>
  );
}
