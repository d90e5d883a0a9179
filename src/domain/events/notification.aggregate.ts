import { AggregateRoot } from '../shared/aggregate-root';
import { NotificationCreated } from './events/notification.events';

export interface NotificationState {
  id: string;
  organizationId: string;
  userId: string;
  kind: string;
  title: string;
  resourceType: string;
  resourceId: string;
  eventId: string;
  createdAt: Date;
  readAt: Date | null;
}

/** Something one user should know; created from a domain event, read (or not) by that user. */
export class Notification extends AggregateRoot {
  private constructor(private readonly state: NotificationState) {
    super();
  }

  static create(props: Omit<NotificationState, 'readAt'>): Notification {
    const n = new Notification({ ...props, readAt: null });
    n.record(
      new NotificationCreated(props.organizationId, props.id, {
        userId: props.userId,
        kind: props.kind,
        title: props.title,
        subjectType: props.resourceType,
        subjectId: props.resourceId,
      }),
    );
    return n;
  }

  snapshot(): Readonly<NotificationState> {
    return { ...this.state };
  }
}

/** What notifications an event makes, and for whom (`user`, or every member with one of `roles`). */
export interface NotificationPlan {
  kind: string;
  title: string;
  recipients: { userId: string } | { roles: readonly string[]; except: string | null };
}

/** The events that concern people, and whom they concern. Null for the others. */
export function notificationPlanFor(event: { type: string; payload: Record<string, unknown> }): NotificationPlan | null {
  const p = event.payload;
  switch (event.type) {
    case 'analysis.assigned':
      // A reviewer who claimed it knows already.
      if (p.claimed === true || typeof p.assignedTo !== 'string') return null;
      return { kind: 'analysis.assigned', title: 'An analysis was assigned to you', recipients: { userId: p.assignedTo } };
    case 'analysis.reviewed':
      if (p.decision !== 'escalated') return null;
      return {
        kind: 'analysis.escalated',
        title: 'An analysis was escalated',
        recipients: { roles: ['owner', 'admin', 'reviewer'], except: typeof p.reviewedBy === 'string' ? p.reviewedBy : null },
      };
    case 'recording.import_failed':
      return {
        kind: 'recording.import_failed',
        title: 'A recording could not be imported from Twilio',
        recipients: { roles: ['owner', 'admin'], except: null },
      };
    case 'webhook_endpoint.disabled':
      return {
        kind: 'webhook_endpoint.disabled',
        title: 'A webhook endpoint was disabled after failed deliveries',
        recipients: { roles: ['owner', 'admin'], except: null },
      };
    default:
      return null;
  }
}
