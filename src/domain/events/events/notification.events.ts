import { DomainEvent } from '../../shared/domain-event';

/** A notification for one user: shown on the organization's live stream to that user only. */
export class NotificationCreated extends DomainEvent<{
  userId: string;
  kind: string;
  title: string;
  subjectType: string;
  subjectId: string;
}> {
  static readonly type = 'notification.created';
}
