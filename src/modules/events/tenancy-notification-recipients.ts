import { Injectable } from '@nestjs/common';
import { NotificationRecipients } from '../../domain/events/ports/notification-repository.port';
import { TenancyReadModel } from '../../domain/tenancy/ports/tenancy-read-model.port';

/** Recipients by role, read through tenancy's published read port (inside the command's transaction). */
@Injectable()
export class TenancyNotificationRecipients extends NotificationRecipients {
  constructor(private readonly tenancy: TenancyReadModel) {
    super();
  }

  async withRoles(organizationId: string, roles: readonly string[]): Promise<string[]> {
    const users: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.tenancy.members(organizationId, after, 100);
      for (const m of page) if (roles.includes(m.role)) users.push(m.userId);
      if (page.length < 100) return users;
      after = page[page.length - 1]!.userId;
    }
  }
}
