import { StatefulAggregate } from '../shared/aggregate-root';
import { InvalidError } from '../shared/domain-error';
import type { DialRefusal } from './dialing-policy';
import { AgentAdded, AgentRemoved, AgentUpdated, CallDialRefused } from './events/telephony.events';

export const AGENT_AVAILABILITIES = ['available', 'busy', 'offline'] as const;
export type AgentAvailability = (typeof AGENT_AVAILABILITIES)[number];

export interface AgentState {
  organizationId: string;
  workspaceId: string;
  userId: string;
  identity: string;
  availability: AgentAvailability;
  /**
   * When an availability that came from the softphone lapses (its token expires); null for
   * one set by hand, which does not lapse.
   */
  presenceExpiresAt: Date | null;
  createdAt: Date;
}

/** Twilio client identities: letters, digits, and . _ - only, so `client:<identity>` is unambiguous. */
const IDENTITY = /^[A-Za-z0-9._-]{1,121}$/;

/** A workspace member who takes calls in the browser softphone. */
export class Agent extends StatefulAggregate<AgentState> {
  private removed = false;

  static add(
    input: Omit<AgentState, 'availability' | 'presenceExpiresAt' | 'createdAt'> & { availability?: AgentAvailability; now: Date },
  ): Agent {
    if (!IDENTITY.test(input.identity)) {
      throw new InvalidError('agent.invalid_identity', 'identity must be 1 to 121 letters, digits, dots, dashes or underscores');
    }
    const agent = new Agent({ ...input, availability: input.availability ?? 'offline', presenceExpiresAt: null, createdAt: input.now });
    agent.record(
      new AgentAdded(
        input.organizationId,
        `${input.workspaceId}:${input.userId}`,
        { workspaceId: input.workspaceId, userId: input.userId, identity: input.identity },
        { after: { identity: input.identity, availability: agent.availability } },
      ),
    );
    return agent;
  }

  static restore(state: AgentState): Agent {
    return new Agent({ ...state });
  }

  get userId(): string {
    return this.state.userId;
  }
  get workspaceId(): string {
    return this.state.workspaceId;
  }
  get identity(): string {
    return this.state.identity;
  }
  /** As stored; see {@link availabilityAt} for what routing uses. */
  get availability(): AgentAvailability {
    return this.state.availability;
  }
  get isRemoved(): boolean {
    return this.removed;
  }

  /** An agent whose softphone presence lapsed is offline, whatever was stored. */
  availabilityAt(now: Date): AgentAvailability {
    const lapsed = this.state.presenceExpiresAt !== null && this.state.presenceExpiresAt <= now;
    return lapsed ? 'offline' : this.state.availability;
  }

  /** By hand (an admin, or the agent, through the API): the availability is kept until changed again. */
  update(patch: { identity?: string; availability?: AgentAvailability }, now: Date): void {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (patch.identity !== undefined && patch.identity !== this.state.identity) {
      if (!IDENTITY.test(patch.identity))
        throw new InvalidError('agent.invalid_identity', 'identity must be 1 to 121 letters, digits, dots, dashes or underscores');
      before.identity = this.state.identity;
      after.identity = this.state.identity = patch.identity;
    }
    if (patch.availability !== undefined) {
      const current = this.availabilityAt(now);
      if (patch.availability !== current) {
        before.availability = current;
        after.availability = patch.availability;
      }
      if (this.state.presenceExpiresAt !== null) {
        before.presenceExpiresAt = this.state.presenceExpiresAt.toISOString();
        after.presenceExpiresAt = null;
      }
      this.state.availability = patch.availability;
      this.state.presenceExpiresAt = null;
    }
    if (Object.keys(after).length > 0) {
      this.record(
        new AgentUpdated(
          this.state.organizationId,
          `${this.workspaceId}:${this.userId}`,
          { workspaceId: this.workspaceId, userId: this.userId },
          { before, after },
        ),
      );
    }
  }

  /**
   * The agent's softphone got a token valid `until`: an offline agent comes online until then,
   * an online one stays so. Busy (do not disturb) and an availability set by hand are kept.
   * Only a change of availability is recorded; extending the presence is not an event.
   */
  softphoneConnected(until: Date, now: Date): void {
    const pinned = this.state.availability === 'busy' || (this.state.availability === 'available' && this.state.presenceExpiresAt === null);
    if (pinned) return;
    const current = this.availabilityAt(now);
    const expiresAt = current === 'available' && this.state.presenceExpiresAt! > until ? this.state.presenceExpiresAt! : until;
    this.state.availability = 'available';
    this.state.presenceExpiresAt = expiresAt;
    if (current !== 'available') {
      this.record(
        new AgentUpdated(
          this.state.organizationId,
          `${this.workspaceId}:${this.userId}`,
          { workspaceId: this.workspaceId, userId: this.userId },
          { before: { availability: current }, after: { availability: 'available', presenceExpiresAt: expiresAt.toISOString() } },
        ),
      );
    }
  }

  /** The dialing policy refused a call this agent was to make: on the audit trail, nothing dialled. */
  dialRefused(destination: string, refusal: DialRefusal, channel: 'click_to_call' | 'softphone'): void {
    this.record(
      new CallDialRefused(
        this.state.organizationId,
        `${this.workspaceId}:${this.userId}`,
        { workspaceId: this.workspaceId, userId: this.userId, destination, reason: refusal.reason, channel },
        { after: { destination, channel, reason: refusal.reason, code: refusal.code, ...refusal.details } },
      ),
    );
  }

  remove(): void {
    this.removed = true;
    this.record(
      new AgentRemoved(
        this.state.organizationId,
        `${this.workspaceId}:${this.userId}`,
        { workspaceId: this.workspaceId, userId: this.userId },
        { before: { identity: this.identity } },
      ),
    );
  }
}
