import { and, eq, isNull } from 'drizzle-orm';
import { agentNumbers, phoneNumbers } from './telephony.schema';

/** Joins an agent's place on a number's ringing list to that number (in the same organization). */
export const assignedPhoneNumber = and(
  eq(phoneNumbers.organizationId, agentNumbers.organizationId),
  eq(phoneNumbers.id, agentNumbers.phoneNumberId),
);

/** The workspace's numbers that were not removed. */
export function liveNumbersOf(organizationId: string, workspaceId: string) {
  return and(eq(phoneNumbers.organizationId, organizationId), eq(phoneNumbers.workspaceId, workspaceId), isNull(phoneNumbers.deletedAt));
}
