import { StatefulAggregate } from '../shared/aggregate-root';
import { InvalidError } from '../shared/domain-error';
import { newId } from '../shared/ids';
import { WorkspaceCreated, WorkspaceDeleted, WorkspaceUpdated } from './events/tenancy.events';

export interface WorkspaceState {
  id: string;
  organizationId: string;
  name: string;
  createdAt: Date;
  deletedAt: Date | null;
}

function normalizeName(name: string): string {
  const n = name.trim();
  if (n.length < 1 || n.length > 200) throw new InvalidError('workspace.invalid_name', 'Name must be 1 to 200 characters');
  return n;
}

export class Workspace extends StatefulAggregate<WorkspaceState> {
  static create(input: { organizationId: string; name: string; now: Date }): Workspace {
    const ws = new Workspace({
      id: newId(),
      organizationId: input.organizationId,
      name: normalizeName(input.name),
      createdAt: input.now,
      deletedAt: null,
    });
    ws.record(new WorkspaceCreated(ws.organizationId, ws.id, { name: ws.name }, { after: { name: ws.name } }));
    return ws;
  }

  static restore(state: WorkspaceState): Workspace {
    return new Workspace({ ...state });
  }

  get id(): string {
    return this.state.id;
  }
  get organizationId(): string {
    return this.state.organizationId;
  }
  get name(): string {
    return this.state.name;
  }
  get isDeleted(): boolean {
    return this.state.deletedAt !== null;
  }

  rename(name: string): void {
    const next = normalizeName(name);
    if (next === this.state.name) return;
    const before = this.state.name;
    this.state.name = next;
    this.record(new WorkspaceUpdated(this.organizationId, this.id, {}, { before: { name: before }, after: { name: next } }));
  }

  delete(now: Date): void {
    if (this.state.deletedAt) return;
    this.state.deletedAt = now;
    this.record(
      new WorkspaceDeleted(this.organizationId, this.id, {}, { before: { name: this.name }, after: { deletedAt: now.toISOString() } }),
    );
  }
}
