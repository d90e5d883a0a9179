import { AggregateRoot } from '../shared/aggregate-root';
import { InvalidError } from '../shared/domain-error';
import { AgentAdded, AgentRemoved, AgentUpdated } from './events/telephony.events';

export const AGENT_AVAILABILITIES = ['available', 'busy', 'offline'] as const;
export type AgentAvailability = (typeof AGENT_AVAILABILITIES)[number];

export interface AgentState {
  organizationId: string;
  workspaceId: string;
  userId: string;
  identity: string;
  availability: AgentAvailability;
  createdAt: Date;
}

/** Twilio client identities: letters, digits, and . _ - only, so `client:<identity>` is unambiguous. */
const IDENTITY = /^[A-Za-z0-9._-]{1,121}$/;

/** A workspace member who takes calls in the browser softphone. */
export class Agent extends AggregateRoot {
  private removed = false;

  private constructor(private state: AgentState) {
    super();
  }

  static add(input: Omit<AgentState, 'availability' | 'createdAt'> & { availability?: AgentAvailability; now: Date }): Agent {
    if (!IDENTITY.test(input.identity)) {
      throw new InvalidError('agent.invalid_identity', 'identity must be 1 to 121 letters, digits, dots, dashes or underscores');
    }
    const agent = new Agent({ ...input, availability: input.availability ?? 'offline', createdAt: input.now });
    agent.record(
      new AgentAdded(input.organizationId, `${input.workspaceId}:${input.userId}`, { workspaceId: input.workspaceId, userId: input.userId, identity: input.identity }, { after: { identity: input.identity, availability: agent.availability } }),
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
  get availability(): AgentAvailability {
    return this.state.availability;
  }
  get isRemoved(): boolean {
    return this.removed;
  }
  snapshot(): Readonly<AgentState> {
    return this.state;
  }

  update(patch: { identity?: string; availability?: AgentAvailability }): void {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (patch.identity !== undefined && patch.identity !== this.state.identity) {
      if (!IDENTITY.test(patch.identity)) throw new InvalidError('agent.invalid_identity', 'identity must be 1 to 121 letters, digits, dots, dashes or underscores');
      before.identity = this.state.identity;
      after.identity = this.state.identity = patch.identity;
    }
    if (patch.availability !== undefined && patch.availability !== this.state.availability) {
      before.availability = this.state.availability;
      after.availability = this.state.availability = patch.availability;
    }
    if (Object.keys(after).length > 0) {
      this.record(new AgentUpdated(this.state.organizationId, `${this.workspaceId}:${this.userId}`, { workspaceId: this.workspaceId, userId: this.userId }, { before, after }));
    }
  }

  remove(): void {
    this.removed = true;
    this.record(new AgentRemoved(this.state.organizationId, `${this.workspaceId}:${this.userId}`, { workspaceId: this.workspaceId, userId: this.userId }, { before: { identity: this.identity } }));
  }
}
