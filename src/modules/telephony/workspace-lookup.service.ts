import { Injectable } from '@nestjs/common';
import { workspaceNotFound } from '../../domain/tenancy/errors';
import { TenantQueryBus } from '../shared';
import { GetWorkspaceMemberQuery, GetWorkspaceQuery } from '../tenancy';

/** Telephony asks tenancy, through its public queries, whether a workspace and its members exist. */
@Injectable()
export class WorkspaceLookup {
  constructor(private readonly queries: TenantQueryBus) {}

  async assertExists(organizationId: string, workspaceId: string): Promise<void> {
    if (!(await this.queries.execute(new GetWorkspaceQuery({ organizationId, workspaceId })))) throw workspaceNotFound();
  }

  async isMember(organizationId: string, workspaceId: string, userId: string): Promise<boolean> {
    return (await this.queries.execute(new GetWorkspaceMemberQuery({ organizationId, workspaceId, userId }))) !== null;
  }
}
