import { OfficerAccount, isOfficer } from './data-request';
import { isAddedCouncillor, Person } from './surgery-access';
import type { WardCode } from './ward';
import type { RosterWard, WardRoster } from './ward-roster';
import type { Surgery } from './model';

/** What decides who acts for which ward, once the council keeps a roster. */
export interface WardAccessRules {
  roster: WardRoster;
  /**
   * The council's own Entra ID tenant: the roster's work emails are trusted there only, because another tenant
   * allowed to sign in (a partner's) could give one of its accounts a councillor's address as its sign-in name.
   */
  councilTenantId: string;
  /** OFFICER_ACCOUNTS: they act for every ward. */
  officers: readonly OfficerAccount[];
}

/** The wards this person represents on the roster. */
function wardsRepresentedBy(rules: WardAccessRules, person: Person): RosterWard[] {
  const inCouncil = person.tenantId.toLowerCase() === rules.councilTenantId.toLowerCase();
  return rules.roster.wardsOf({ objectId: person.id, ...(inCouncil && person.account ? { email: person.account } : {}) });
}

/** The wards this person may set up surgeries in: their own, or every ward for an officer. */
export function wardsToSetUpIn(rules: WardAccessRules, person: Person): RosterWard[] {
  return isOfficer(person, rules.officers) ? [...rules.roster.wards] : wardsRepresentedBy(rules, person);
}

/** May this person set up a ward's surgeries, run them and read the ward's figures? Its councillors and officers may. */
export function actsForWard(rules: WardAccessRules, person: Person, ward: WardCode | undefined): boolean {
  return isOfficer(person, rules.officers) || (ward !== undefined && wardsRepresentedBy(rules, person).some((w) => w.code === ward));
}

/**
 * May this person run the surgery and see its residents? Its ward's councillors and officers may, and a
 * councillor its organiser added, for this surgery only. A surgery not matched to a roster ward is for
 * officers and those added to it.
 */
export function mayRunWardSurgery(rules: WardAccessRules, surgery: Surgery, person: Person): boolean {
  return actsForWard(rules, person, surgery.wardCode) || isAddedCouncillor(surgery, person);
}
