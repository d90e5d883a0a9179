import type { Agent } from '@domain/telephony/agent.aggregate';
import type { PhoneNumber } from '@domain/telephony/phone-number.aggregate';
import { AgentRepository, PhoneNumberRepository } from '@domain/telephony/ports/telephony-repositories.port';

/** Numbers in a map; `takenElsewhere` stands for numbers of other organizations. */
export class InMemoryPhoneNumberRepository extends PhoneNumberRepository {
  readonly rows = new Map<string, PhoneNumber>();
  readonly saved: { id: string; events: string[] }[] = [];
  readonly takenElsewhere = new Set<string>();

  findById(organizationId: string, workspaceId: string, phoneNumberId: string): Promise<PhoneNumber | null> {
    const n = this.rows.get(phoneNumberId);
    return Promise.resolve(n && n.organizationId === organizationId && n.workspaceId === workspaceId ? n : null);
  }
  isTaken(e164: string, exceptId: string | null): Promise<boolean> {
    return Promise.resolve(
      this.takenElsewhere.has(e164) || [...this.rows.values()].some((n) => n.e164 === e164 && n.id !== exceptId && !n.snapshot().deletedAt),
    );
  }
  findAssignedTo(organizationId: string, workspaceId: string, userId: string): Promise<PhoneNumber[]> {
    return Promise.resolve(
      [...this.rows.values()].filter(
        (n) => n.organizationId === organizationId && n.workspaceId === workspaceId && n.agentIds.includes(userId),
      ),
    );
  }
  organizationNumbers(organizationId: string): Promise<string[]> {
    return Promise.resolve([...this.rows.values()].filter((n) => n.organizationId === organizationId).map((n) => n.e164));
  }
  save(phoneNumber: PhoneNumber): Promise<void> {
    this.rows.set(phoneNumber.id, phoneNumber);
    this.saved.push({ id: phoneNumber.id, events: phoneNumber.pullEvents().map((e) => e.type) });
    return Promise.resolve();
  }
}

export class InMemoryAgentRepository extends AgentRepository {
  readonly rows: Agent[] = [];
  readonly saved: { userId: string; events: string[] }[] = [];

  find(organizationId: string, workspaceId: string, userId: string): Promise<Agent | null> {
    return Promise.resolve(
      this.rows.find(
        (a) => a.snapshot().organizationId === organizationId && a.snapshot().workspaceId === workspaceId && a.snapshot().userId === userId,
      ) ?? null,
    );
  }
  findByIdentity(organizationId: string, workspaceId: string, identity: string): Promise<Agent | null> {
    return Promise.resolve(
      this.rows.find(
        (a) =>
          a.snapshot().organizationId === organizationId && a.snapshot().workspaceId === workspaceId && a.snapshot().identity === identity,
      ) ?? null,
    );
  }
  findMany(organizationId: string, workspaceId: string, userIds: string[]): Promise<Agent[]> {
    return Promise.all(userIds.map((u) => this.find(organizationId, workspaceId, u))).then((found) =>
      found.filter((a): a is Agent => a !== null),
    );
  }
  save(agent: Agent): Promise<void> {
    if (!this.rows.includes(agent)) this.rows.push(agent);
    this.saved.push({ userId: agent.snapshot().userId, events: agent.pullEvents().map((e) => e.type) });
    return Promise.resolve();
  }
}
