import { Query } from '@nestjs/cqrs';
import type { NotificationPosition, NotificationView } from '@domain/events/ports/notification-repository.port';

export interface ListMyNotificationsProps {
  readonly userId: string;
  readonly after: NotificationPosition | null;
  readonly limit: number;
}

/** The user's notifications in every organization: unread first, newest first. */
export class ListMyNotificationsQuery extends Query<(NotificationView & { read: boolean })[]> {
  constructor(readonly props: ListMyNotificationsProps) {
    super();
  }

  get organizationId(): null {
    return null;
  }
}
