import type { Surgery } from '../../domain/model';
import { isListedCouncillor, MeetingRole, mayRunSurgery, Person } from '../../domain/surgery-access';
import { InWard } from '../../domain/ward';
import { actsForWard, mayRunWardSurgery, WardAccessRules, wardsToSetUpIn } from '../../domain/ward-access';
import type { RosterWard } from '../../domain/ward-roster';
import { MeetingRoles } from './meeting-roles';

/**
 * Applies the domain's access rules with what they need from outside. With the council's roster, the roster
 * decides: a ward's councillors and officers act for the ward, a councillor added to a surgery runs that
 * surgery. Without one, a surgery's own list decides, and the caller's role in its meeting, asked of Teams
 * only when the list does not already let them in.
 */
export class SurgeryAccess {
  constructor(
    private readonly roles: MeetingRoles,
    /** The rules as the roster in use gives them; undefined when the council keeps no roster. */
    private readonly wardRules: () => WardAccessRules | undefined = () => undefined,
  ) {}

  async mayRun(surgery: Surgery, person: Person): Promise<boolean> {
    if (this.isTheirs(surgery, person)) return true;
    return (
      this.wardRules() === undefined &&
      surgery.meetingId !== undefined &&
      mayRunSurgery(surgery, person, await this.roleIn(surgery.meetingId, person))
    );
  }

  /** Whether the person runs the surgery without asking Teams: what lists of surgeries are filtered by. */
  isTheirs(surgery: Surgery, person: Person): boolean {
    const rules = this.wardRules();
    return rules ? mayRunWardSurgery(rules, surgery, person) : isListedCouncillor(surgery, person);
  }

  /** Whether Teams' meeting roles count for anything: only when there is no roster to decide. */
  get meetingRolesCount(): boolean {
    return this.wardRules() === undefined;
  }

  /** May this person set up a surgery in the ward (a surgery placed in the roster's ward, when there is one)? */
  maySetUpIn(ward: InWard, person: Person): boolean {
    const rules = this.wardRules();
    return rules === undefined || actsForWard(rules, person, ward.wardCode);
  }

  /**
   * May this person read the ward's report and export? With the roster, its councillors and officers may;
   * without, the councillors listed on any of its surgeries.
   */
  async mayReadWard(ward: InWard, person: Person, surgeriesOfWard: () => Promise<Surgery[]>): Promise<boolean> {
    const rules = this.wardRules();
    if (rules) return actsForWard(rules, person, ward.wardCode);
    return (await surgeriesOfWard()).some((s) => isListedCouncillor(s, person));
  }

  /** The roster's wards this person may set up surgeries in; undefined when there is no roster. */
  wardsFor(person: Person): RosterWard[] | undefined {
    const rules = this.wardRules();
    return rules && wardsToSetUpIn(rules, person);
  }

  /** Every ward on the roster in use; undefined when there is none. */
  rosterWards(): readonly RosterWard[] | undefined {
    return this.wardRules()?.roster.wards;
  }

  /** The roster's ward a code, a name or an address part refers to; undefined when there is no roster or no such ward. */
  findWard(asked: string): RosterWard | undefined {
    const roster = this.wardRules()?.roster;
    return roster && (roster.find(asked) ?? roster.withSlug(asked));
  }

  roleIn(meetingId: string, person: Person): Promise<MeetingRole | undefined> {
    return this.roles.roleOf(meetingId, { id: person.id, tenantId: person.tenantId });
  }
}
