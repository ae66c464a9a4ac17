import { makeStyles, tokens } from '@fluentui/react-components';

/** Plain tables of figures, narrow enough for a meeting's side panel. */
export const useFigureTableStyles = makeStyles({
  table: { width: '100%', borderCollapse: 'collapse' },
  caption: { textAlign: 'left', fontWeight: tokens.fontWeightSemibold, paddingBlock: tokens.spacingVerticalXS },
  cell: {
    textAlign: 'left',
    verticalAlign: 'top',
    paddingBlock: tokens.spacingVerticalXS,
    paddingInlineEnd: tokens.spacingHorizontalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  // Short headings and figures stay whole; the first column takes what room is left.
  figure: { whiteSpace: 'nowrap' },
  label: { fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground2, width: '45%' },
});
