import { makeStyles, tokens } from '@fluentui/react-components';
import type { QueuePoint } from '../../bot/api-types';
import { formatTime } from './london-time';
import { useVisuallyHidden } from './visually-hidden';

const useStyles = makeStyles({
  chart: { display: 'block', width: '100%', height: 'auto', maxWidth: '36rem', overflow: 'visible' },
  heading: { margin: `${tokens.spacingVerticalS} 0 0`, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  bar: { fill: tokens.colorBrandBackground },
  line: { fill: 'none', stroke: tokens.colorNeutralForeground1, strokeWidth: '2px' },
  dot: { fill: tokens.colorNeutralForeground1 },
  axis: { stroke: tokens.colorNeutralStroke1, strokeWidth: '1px' },
  guide: { stroke: tokens.colorNeutralStroke2, strokeWidth: '1px', strokeDasharray: '3 3' },
  text: { fill: tokens.colorNeutralForeground2, fontSize: '10px' },
  summary: { margin: `${tokens.spacingVerticalXS} 0` },
});

const WIDTH = 300;
const HEIGHT = 110;
const LEFT = 30;
const RIGHT = 6;
const TOP = 10;
const BOTTOM = 18;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

/** A round top for the scale: 1-5 as is, then steps of 5 or 10. */
function scaleTop(largest: number): number {
  if (largest <= 5) return Math.max(1, Math.ceil(largest));
  const step = largest <= 30 ? 5 : 10;
  return Math.ceil(largest / step) * step;
}

function highest(points: QueuePoint[], value: (p: QueuePoint) => number): QueuePoint {
  return points.reduce((best, point) => (value(point) > value(best) ? point : best), points[0]!);
}

interface PanelProps {
  points: QueuePoint[];
  value: (point: QueuePoint) => number;
  kind: 'bars' | 'line';
  label: string;
  unit: string;
}

/** One small chart; what it shows is in its label, so screen readers skip its drawing. */
function Panel({ points, value, kind, label, unit }: PanelProps) {
  const styles = useStyles();
  const top = scaleTop(Math.max(...points.map(value)));
  const y = (v: number) => TOP + PLOT_HEIGHT - (v / top) * PLOT_HEIGHT;
  // Points are five minutes apart except the last (now, while the surgery runs), so place them by time.
  const first = Date.parse(points[0]!.at);
  const span = Math.max(1, Date.parse(points[points.length - 1]!.at) - first);
  const barWidth = (PLOT_WIDTH / points.length) * 0.8;
  const x = (index: number) => LEFT + barWidth / 2 + ((Date.parse(points[index]!.at) - first) / span) * (PLOT_WIDTH - barWidth);
  const middle = Math.floor((points.length - 1) / 2);
  return (
    <svg className={styles.chart} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <line className={styles.guide} x1={LEFT} x2={WIDTH - RIGHT} y1={TOP} y2={TOP} />
      <text className={styles.text} x={LEFT - 4} y={TOP + 3} textAnchor="end">
        {top}
        {unit}
      </text>
      <text className={styles.text} x={LEFT - 4} y={TOP + PLOT_HEIGHT + 3} textAnchor="end">
        0
      </text>
      {kind === 'bars' &&
        points.map((point, index) => (
          <rect
            key={point.at}
            className={styles.bar}
            x={x(index) - barWidth / 2}
            width={barWidth}
            y={y(value(point))}
            height={TOP + PLOT_HEIGHT - y(value(point))}
          />
        ))}
      {kind === 'line' && (
        <>
          <polyline className={styles.line} points={points.map((point, index) => `${x(index)},${y(value(point))}`).join(' ')} />
          {points.length <= 40 &&
            points.map((point, index) => <circle key={point.at} className={styles.dot} cx={x(index)} cy={y(value(point))} r={2} />)}
        </>
      )}
      <line className={styles.axis} x1={LEFT} x2={WIDTH - RIGHT} y1={TOP + PLOT_HEIGHT} y2={TOP + PLOT_HEIGHT} />
      {[0, middle, points.length - 1]
        .filter((index, i, all) => all.indexOf(index) === i)
        .map((index) => (
          <text
            key={index}
            className={styles.text}
            x={index === 0 ? LEFT : index === points.length - 1 ? WIDTH - RIGHT : x(index)}
            y={HEIGHT - 4}
            textAnchor={index === 0 ? 'start' : index === points.length - 1 ? 'end' : 'middle'}
          >
            {formatTime(points[index]!.at)}
          </text>
        ))}
    </svg>
  );
}

/**
 * The queue across the surgery: how many were waiting, and the longest anyone waiting had waited. Each
 * chart's label says what it shows, and a table underneath (hidden from sight) gives every figure.
 */
export function WaitChart({ timeline }: { timeline: QueuePoint[] }) {
  const styles = useStyles();
  const hidden = useVisuallyHidden();
  if (timeline.length < 2) return <p>The chart of the queue appears once the surgery has been running for a few minutes.</p>;
  const span = `from ${formatTime(timeline[0]!.at)} to ${formatTime(timeline[timeline.length - 1]!.at)}`;
  const busiest = highest(timeline, (p) => p.waiting);
  const slowest = highest(timeline, (p) => p.longestWaitMinutes);
  const waitingWords =
    busiest.waiting === 0 ? `Nobody was waiting ${span}.` : `Most waiting at once: ${busiest.waiting}, at ${formatTime(busiest.at)}.`;
  const waitWords =
    busiest.waiting === 0
      ? 'Nobody has waited yet.'
      : slowest.longestWaitMinutes < 1
        ? 'Nobody has waited a minute yet.'
        : `Longest wait: ${Math.round(slowest.longestWaitMinutes)} min, at ${formatTime(slowest.at)}.`;
  return (
    <div>
      <h3 className={styles.heading}>Residents waiting</h3>
      <p className={styles.summary}>{waitingWords}</p>
      <Panel
        points={timeline}
        value={(p) => p.waiting}
        kind="bars"
        unit=""
        label={`Bar chart of residents waiting, ${span}. ${waitingWords}`}
      />
      <h3 className={styles.heading}>Longest wait so far, in minutes</h3>
      <p className={styles.summary}>{waitWords}</p>
      <Panel
        points={timeline}
        value={(p) => p.longestWaitMinutes}
        kind="line"
        unit="m"
        label={`Line chart of the longest wait of anyone waiting, ${span}. ${waitWords}`}
      />
      {/* Tables ignore a width of 1px, so the hiding is done by a box around it. */}
      <div className={hidden.hidden}>
        <table>
          <caption>The queue every few minutes</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Residents waiting</th>
              <th scope="col">Longest wait (minutes)</th>
            </tr>
          </thead>
          <tbody>
            {timeline.map((point) => (
              <tr key={point.at}>
                <th scope="row">{formatTime(point.at)}</th>
                <td>{point.waiting}</td>
                <td>{Math.round(point.longestWaitMinutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
