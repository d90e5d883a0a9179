import type { DomainEvent } from '../shared/domain-event';

/** A committed domain event as the live stream and webhooks show it. */
export interface LiveEvent {
  /** The stream id: ordered within the organization, stable across replays. */
  position: number;
  eventId: string;
  organizationId: string;
  type: string;
  resourceType: string;
  resourceId: string;
  /** The workspace the event names, when it names one. */
  workspaceId: string | null;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/** What the store keeps of a domain event (its position is given on insert). */
export type LiveEventRecord = Omit<LiveEvent, 'position'>;

export function liveEventRecordOf(event: DomainEvent): LiveEventRecord {
  const payload = { ...(event.payload as Record<string, unknown>) };
  return {
    eventId: event.eventId,
    organizationId: event.organizationId,
    type: event.type,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    workspaceId: workspaceNamedBy(event.resourceType, event.resourceId, payload),
    occurredAt: event.occurredAt,
    payload,
  };
}

/** An event as both the live stream and webhooks send it: its id, what it is about, and its payload. */
export function wireEventOf(event: LiveEventRecord): Record<string, unknown> {
  return {
    id: event.eventId,
    type: event.type,
    organizationId: event.organizationId,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    workspaceId: event.workspaceId,
    occurredAt: event.occurredAt.toISOString(),
    payload: event.payload,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function workspaceNamedBy(resourceType: string, resourceId: string, payload: Record<string, unknown>): string | null {
  if (resourceType === 'workspace' && UUID.test(resourceId)) return resourceId.toLowerCase();
  const id = payload.workspaceId;
  return typeof id === 'string' && UUID.test(id) ? id.toLowerCase() : null;
}

/** Why a caller would look into a workspace (the same duties as the auth guard's). */
export type EventDuty = 'calls' | 'configuration';

/**
 * Who may receive an event: a permission (a string the tenancy roles know), and, for what lives
 * in a workspace, the duty for which the caller must see that workspace. `subject` names the
 * call or recording whose workspace decides when the event itself does not name one.
 */
export interface EventAudience {
  permission: string;
  workspace: null | { duty: EventDuty; workspaceId: string | null; subject: { kind: 'call' | 'recording'; id: string } | null };
  /** Only this user (a personal notification). */
  userId?: string;
}

const BY_RESOURCE: Record<string, { permission: string; duty: EventDuty | null }> = {
  call: { permission: 'calls:read', duty: 'calls' },
  recording: { permission: 'recordings:read', duty: 'calls' },
  conversation: { permission: 'recordings:read', duty: 'calls' },
  analysis: { permission: 'analyses:read', duty: 'calls' },
  scoring_config: { permission: 'analyses:read', duty: null },
  twilio_account: { permission: 'telephony:read', duty: 'configuration' },
  phone_number: { permission: 'telephony:read', duty: 'configuration' },
  agent: { permission: 'telephony:read', duty: 'configuration' },
  workspace: { permission: 'workspaces:read', duty: 'configuration' },
  workspace_member: { permission: 'workspaces:read', duty: 'configuration' },
  organization: { permission: 'organizations:read', duty: null },
  member: { permission: 'members:read', duty: null },
  invitation: { permission: 'members:write', duty: null },
  api_key: { permission: 'api_keys:read', duty: null },
  webhook_endpoint: { permission: 'organizations:write', duty: null },
};

/**
 * The audience of an event. Unknown kinds of event go to administrators only (fail closed).
 * `call.dial_refused` is about an agent but is a call attempt: it is read like calls.
 */
export function audienceOf(event: Pick<LiveEvent, 'type' | 'resourceType' | 'resourceId' | 'workspaceId' | 'payload'>): EventAudience {
  if (event.resourceType === 'notification') {
    const userId = event.payload.userId;
    return { permission: 'organizations:read', workspace: null, userId: typeof userId === 'string' ? userId : '' };
  }
  const rule = event.type.startsWith('call.')
    ? BY_RESOURCE.call!
    : (BY_RESOURCE[event.resourceType] ?? { permission: 'organizations:write', duty: null });
  if (rule.duty === null) return { permission: rule.permission, workspace: null };
  let subject: { kind: 'call' | 'recording'; id: string } | null = null;
  if (event.workspaceId === null) {
    const { callId, recordingId } = event.payload;
    if (event.resourceType === 'call') subject = { kind: 'call', id: event.resourceId };
    else if (event.resourceType === 'recording') subject = { kind: 'recording', id: event.resourceId };
    else if (typeof callId === 'string') subject = { kind: 'call', id: callId };
    else if (typeof recordingId === 'string') subject = { kind: 'recording', id: recordingId };
  }
  return { permission: rule.permission, workspace: { duty: rule.duty, workspaceId: event.workspaceId, subject } };
}

/**
 * A list of event type patterns: exact types (`analysis.needs_review`), a family (`call.*`) or
 * everything (`*`). Empty means everything.
 */
export class EventTypeFilter {
  private constructor(readonly patterns: readonly string[]) {}

  static readonly PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

  /** Null when a pattern is malformed. */
  static parse(patterns: readonly string[]): EventTypeFilter | null {
    const cleaned = [...new Set(patterns.map((p) => p.trim()).filter((p) => p.length > 0))];
    if (cleaned.some((p) => p.length > 100 || !EventTypeFilter.PATTERN.test(p))) return null;
    return new EventTypeFilter(cleaned);
  }

  static fromQuery(raw: string | undefined): EventTypeFilter | null {
    return EventTypeFilter.parse(raw === undefined ? [] : raw.split(','));
  }

  matches(type: string): boolean {
    if (this.patterns.length === 0) return true;
    return this.patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
  }
}
