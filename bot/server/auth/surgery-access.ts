import { Surgery } from '../../domain/surgery';
import { isListedCouncillor, MeetingRole, mayRunSurgery, Person } from '../../domain/surgery-access';
import { MeetingRoles } from './meeting-roles';

/**
 * Applies the domain's access rule with what it needs from outside: the caller's role in the surgery's
 * meeting, asked of Teams only when the surgery's own list does not already let them in.
 */
export class SurgeryAccess {
  constructor(private readonly roles: MeetingRoles) {}

  async mayRun(surgery: Surgery, person: Person): Promise<boolean> {
    if (isListedCouncillor(surgery, person)) return true;
    return surgery.meetingId !== undefined && mayRunSurgery(surgery, person, await this.roleIn(surgery.meetingId, person));
  }

  roleIn(meetingId: string, person: Person): Promise<MeetingRole | undefined> {
    return this.roles.roleOf(meetingId, { id: person.id, tenantId: person.tenantId });
  }
}
