import type { GroupCount, VisitFigures } from '../../bot/api-types';
import { useFigureTableStyles } from './figure-table-styles';
import { NOT_RECORDED, spreadWords } from './figure-words';

const groupWords = (groups: GroupCount[]): string =>
  groups.length === 0 ? 'None yet' : groups.map((g) => `${g.label} ${g.count}`).join(', ');

/** Every figure of a set of visits, as label and value rows; facts not yet recorded say so. */
function figureRows(figures: VisitFigures): [string, string][] {
  const { ward, arrival, topics } = figures;
  return [
    ['Checked in', String(figures.checkedIn)],
    ['Seen', String(figures.seen)],
    ['Left the queue', String(figures.left)],
    ['Did not join (no-show)', String(figures.noShow)],
    ['Not reached', String(figures.notReached)],
    ['Followed up after the surgery', `${figures.followUps.total} (${figures.followUps.open} still open)`],
    ['Still in the queue', String(figures.inProgress)],
    ...figures.otherStates.map((state): [string, string] => [state.label.replace(/_/g, ' '), String(state.count)]),
    ['Wait to be called', spreadWords(figures.wait, 'resident')],
    ['Consultation length', spreadWords(figures.consultation, 'consultation')],
    ['Inside the ward', ward.recorded ? `In the ward ${ward.inWard}, outside ${ward.outside}, unknown ${ward.unknown}` : NOT_RECORDED],
    ['Booked or drop-in', arrival.recorded ? `Booked ${arrival.booked}, drop-in ${arrival.dropIn}` : NOT_RECORDED],
    ['Topics', topics.recorded ? groupWords(topics.groups) : NOT_RECORDED],
    ['How residents reached us', groupWords(figures.channels)],
  ];
}

export function VisitFiguresTable({ figures, caption }: { figures: VisitFigures; caption: string }) {
  const styles = useFigureTableStyles();
  return (
    <table className={styles.table}>
      <caption className={styles.caption}>{caption}</caption>
      <tbody>
        {figureRows(figures).map(([label, value]) => (
          <tr key={label}>
            <th scope="row" className={`${styles.cell} ${styles.label}`}>
              {label}
            </th>
            <td className={styles.cell}>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
