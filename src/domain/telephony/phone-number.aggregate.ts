import { StatefulAggregate } from '../shared/aggregate-root';
import { InvalidError } from '../shared/domain-error';
import { newId } from '../shared/ids';
import {
  AgentAssignedToNumber,
  AgentUnassignedFromNumber,
  PhoneNumberAdded,
  PhoneNumberRemoved,
  PhoneNumberUpdated,
} from './events/telephony.events';
import { toE164 } from './phone-number';

export const RING_STRATEGIES = ['sequential', 'simultaneous'] as const;
export type RingStrategy = (typeof RING_STRATEGIES)[number];

export interface NumberAgent {
  userId: string;
  position: number;
}

export interface PhoneNumberState {
  id: string;
  organizationId: string;
  workspaceId: string;
  e164: string;
  twilioSid: string;
  friendlyName: string | null;
  ringStrategy: RingStrategy;
  agents: NumberAgent[];
  createdAt: Date;
  deletedAt: Date | null;
}

const NUMBER_SID = /^PN[0-9a-f]{32}$/;

/** A workspace's number, with the agents it rings, in order. */
export class PhoneNumber extends StatefulAggregate<PhoneNumberState> {
  static add(input: {
    organizationId: string;
    workspaceId: string;
    phoneNumber: string;
    twilioSid: string;
    friendlyName?: string | null;
    ringStrategy?: RingStrategy;
    now: Date;
  }): PhoneNumber {
    if (!NUMBER_SID.test(input.twilioSid))
      throw new InvalidError('phone_number.invalid_sid', 'twilioSid must look like PN followed by 32 hex digits');
    const n = new PhoneNumber({
      id: newId(),
      organizationId: input.organizationId,
      workspaceId: input.workspaceId,
      e164: toE164(input.phoneNumber),
      twilioSid: input.twilioSid,
      friendlyName: input.friendlyName?.trim() || null,
      ringStrategy: input.ringStrategy ?? 'simultaneous',
      agents: [],
      createdAt: input.now,
      deletedAt: null,
    });
    n.record(
      new PhoneNumberAdded(
        n.organizationId,
        n.id,
        { workspaceId: n.workspaceId, phoneNumber: n.e164 },
        {
          after: {
            phoneNumber: n.e164,
            twilioSid: n.state.twilioSid,
            friendlyName: n.state.friendlyName,
            ringStrategy: n.state.ringStrategy,
          },
        },
      ),
    );
    return n;
  }

  static restore(state: PhoneNumberState): PhoneNumber {
    return new PhoneNumber({ ...state, agents: state.agents.map((a) => ({ ...a })) });
  }

  get id(): string {
    return this.state.id;
  }
  get organizationId(): string {
    return this.state.organizationId;
  }
  get workspaceId(): string {
    return this.state.workspaceId;
  }
  get e164(): string {
    return this.state.e164;
  }
  get ringStrategy(): RingStrategy {
    return this.state.ringStrategy;
  }
  /** Agents in ringing order. */
  get agentIds(): string[] {
    return [...this.state.agents].sort((a, b) => a.position - b.position).map((a) => a.userId);
  }

  update(patch: { friendlyName?: string | null; ringStrategy?: RingStrategy }): void {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (patch.friendlyName !== undefined && (patch.friendlyName?.trim() || null) !== this.state.friendlyName) {
      before.friendlyName = this.state.friendlyName;
      this.state.friendlyName = patch.friendlyName?.trim() || null;
      after.friendlyName = this.state.friendlyName;
    }
    if (patch.ringStrategy !== undefined && patch.ringStrategy !== this.state.ringStrategy) {
      before.ringStrategy = this.state.ringStrategy;
      this.state.ringStrategy = patch.ringStrategy;
      after.ringStrategy = patch.ringStrategy;
    }
    if (Object.keys(after).length > 0)
      this.record(new PhoneNumberUpdated(this.organizationId, this.id, { workspaceId: this.workspaceId }, { before, after }));
  }

  /** Puts the agent at `position` (0 first); others keep their relative order. */
  assignAgent(userId: string, position: number | null): void {
    const order = this.agentIds.filter((id) => id !== userId);
    const at = position === null ? order.length : Math.max(0, Math.min(position, order.length));
    const previous = this.agentIds.indexOf(userId);
    order.splice(at, 0, userId);
    if (previous === at) return;
    this.state.agents = order.map((id, i) => ({ userId: id, position: i }));
    this.record(
      new AgentAssignedToNumber(
        this.organizationId,
        this.id,
        { phoneNumberId: this.id, userId, position: at },
        { before: { position: previous < 0 ? null : previous }, after: { userId, position: at } },
      ),
    );
  }

  unassignAgent(userId: string): boolean {
    if (!this.agentIds.includes(userId)) return false;
    this.state.agents = this.agentIds.filter((id) => id !== userId).map((id, i) => ({ userId: id, position: i }));
    this.record(new AgentUnassignedFromNumber(this.organizationId, this.id, { phoneNumberId: this.id, userId }, { before: { userId } }));
    return true;
  }

  remove(now: Date): void {
    if (this.state.deletedAt) return;
    this.state.deletedAt = now;
    this.state.agents = [];
    this.record(
      new PhoneNumberRemoved(this.organizationId, this.id, { workspaceId: this.workspaceId }, { before: { phoneNumber: this.e164 } }),
    );
  }
}
