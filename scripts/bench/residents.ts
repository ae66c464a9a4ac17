import type { BenchContext } from './bench-context';
import { inParallel } from './pool';
import { BenchResident, CheckInTimes } from './resident';

const FIRST = ['Jane', 'Omar', 'Priya', 'Tom', 'Aisha', 'Wei', 'Grace', 'Dev', 'Maria', 'Kwame'];
const LAST = ['Smith', 'Farouk', 'Patel', 'Jones', 'Khan', 'Chen', 'Okafor', 'Walsh', 'Silva', 'Mensah'];
const ISSUES = [
  'Potholes on Mill Lane',
  'Bin collections missed twice this month',
  'Noise from a late-night bar',
  'Street lighting out on Park Road',
];

/** What resident number `n` types into the check-in form: realistic lengths, all valid. */
export function formDetails(n: number): Record<string, unknown> {
  return {
    name: `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`,
    postcode: 'SW1A 1AA',
    issue: ISSUES[n % ISSUES.length],
    contact: '07700 900123',
  };
}

let checkedIn = 0;

/** `count` new residents check in to the surgery, `concurrency` at a time. */
export function checkInResidents(context: BenchContext, surgeryId: string, count: number, concurrency: number): Promise<CheckInTimes[]> {
  return inParallel(count, concurrency, () =>
    new BenchResident(context.api.baseUrl, context.connector).checksIn(surgeryId, formDetails(checkedIn++)),
  );
}
