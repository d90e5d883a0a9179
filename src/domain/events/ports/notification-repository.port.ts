import type { Notification } from '../notification.aggregate';

export interface NotificationView {
  id: string;
  organizationId: string;
  kind: string;
  title: string;
  resourceType: string;
  resourceId: string;
  createdAt: Date;
  readAt: Date | null;
}

/** Where a user's list resumes: unread ones come first, then read ones, each newest first. */
export interface NotificationPosition {
  read: boolean;
  id: string;
}

export abstract class NotificationRepository {
  /** Whether the event already made its notifications (jobs run at least once). */
  abstract existsForEvent(organizationId: string, eventId: string): Promise<boolean>;
  abstract save(notification: Notification): Promise<void>;
  /** Platform work: the user's notifications across organizations, unread first, after `position`. */
  abstract listForUser(
    userId: string,
    after: NotificationPosition | null,
    limit: number,
  ): Promise<(NotificationView & { read: boolean })[]>;
  /** Platform work: marks the user's notification read (kept read if it was); null when it is not theirs. */
  abstract markRead(userId: string, notificationId: string, at: Date): Promise<NotificationView | null>;
}

/** Members of an organization with one of some roles (a published tenancy read, bound in the module). */
export abstract class NotificationRecipients {
  abstract withRoles(organizationId: string, roles: readonly string[]): Promise<string[]>;
}
