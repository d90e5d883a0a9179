import { Injectable } from '@nestjs/common';
import { NotificationRecipients } from '@domain/events/ports/notification-repository.port';
import type { MemberView } from '@domain/tenancy/ports/tenancy-read-model.port';
import { ListMembersQuery } from '../tenancy';
import { TenantQueryBus } from '../shared';

const PAGE = 100;

/** Recipients by role, asked of tenancy through its exported query (joining the command's transaction). */
@Injectable()
export class TenancyNotificationRecipients extends NotificationRecipients {
  constructor(private readonly queries: TenantQueryBus) {
    super();
  }

  async withRoles(organizationId: string, roles: readonly string[]): Promise<string[]> {
    const users: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: MemberView[] = await this.queries.execute(new ListMembersQuery({ organizationId, after, limit: PAGE }));
      for (const m of page) if (roles.includes(m.role)) users.push(m.userId);
      if (page.length < PAGE) return users;
      after = page[page.length - 1]!.userId;
    }
  }
}
