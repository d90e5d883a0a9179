import { Command } from '@nestjs/cqrs';
import type { NotificationView } from '@domain/events/ports/notification-repository.port';

export interface MarkNotificationReadProps {
  readonly userId: string;
  readonly notificationId: string;
}

/** The user's own notification, across organizations: platform work filtered by the user. */
export class MarkNotificationReadCommand extends Command<NotificationView> {
  constructor(readonly props: MarkNotificationReadProps) {
    super();
  }

  get organizationId(): null {
    return null;
  }
}
