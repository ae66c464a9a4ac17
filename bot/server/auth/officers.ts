import { OfficerAccount, isOfficer } from '../../domain/data-request';
import { Refusal, refuse } from '../../domain/refusal';
import { Person } from '../../domain/surgery-access';

/**
 * Only the officers named in OFFICER_ACCOUNTS may see residents' data across surgeries, the messages that
 * failed and the audit trail. Local mode has no sign-in, so its single local user counts as an officer.
 */
export const officersOnly =
  (localMode: boolean, accounts: readonly OfficerAccount[]) =>
  (person: Person): Refusal | undefined =>
    localMode || isOfficer(person, accounts)
      ? undefined
      : refuse('AUTH.OFFICERS_ONLY', 'Only the officers named for data requests can do this.');
