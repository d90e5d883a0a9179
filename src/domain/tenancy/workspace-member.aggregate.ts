import { StatefulAggregate } from '../shared/aggregate-root';
import { WorkspaceMemberRemoved, WorkspaceMemberSet } from './events/tenancy.events';
import type { WorkspaceRole } from './roles';

export interface WorkspaceMemberState {
  organizationId: string;
  workspaceId: string;
  userId: string;
  role: WorkspaceRole;
}

export class WorkspaceMember extends StatefulAggregate<WorkspaceMemberState> {
  private removed = false;

  static add(state: WorkspaceMemberState): WorkspaceMember {
    const m = new WorkspaceMember({ ...state });
    m.record(
      new WorkspaceMemberSet(
        state.organizationId,
        `${state.workspaceId}:${state.userId}`,
        { workspaceId: state.workspaceId, userId: state.userId, role: state.role },
        { after: { role: state.role } },
      ),
    );
    return m;
  }

  static restore(state: WorkspaceMemberState): WorkspaceMember {
    return new WorkspaceMember({ ...state });
  }

  get organizationId(): string {
    return this.state.organizationId;
  }
  get workspaceId(): string {
    return this.state.workspaceId;
  }
  get userId(): string {
    return this.state.userId;
  }
  get role(): WorkspaceRole {
    return this.state.role;
  }
  get isRemoved(): boolean {
    return this.removed;
  }

  changeRole(role: WorkspaceRole): void {
    if (role === this.state.role) return;
    const before = this.state.role;
    this.state.role = role;
    this.record(
      new WorkspaceMemberSet(
        this.organizationId,
        `${this.workspaceId}:${this.userId}`,
        { workspaceId: this.workspaceId, userId: this.userId, role },
        { before: { role: before }, after: { role } },
      ),
    );
  }

  remove(): void {
    this.removed = true;
    this.record(
      new WorkspaceMemberRemoved(
        this.organizationId,
        `${this.workspaceId}:${this.userId}`,
        { workspaceId: this.workspaceId, userId: this.userId },
        { before: { role: this.state.role } },
      ),
    );
  }
}
