import { StatefulAggregate } from '../shared/aggregate-root';
import { InvalidError } from '../shared/domain-error';
import { newId } from '../shared/ids';
import { OrganizationCreated, OrganizationDeleted, OrganizationExported, OrganizationUpdated } from './events/tenancy.events';
import { DEFAULT_ORGANIZATION_SETTINGS, mergeSettings, type OrganizationSettingsData } from './organization-settings';

export interface OrganizationState {
  id: string;
  name: string;
  settings: OrganizationSettingsData;
  createdAt: Date;
  deletedAt: Date | null;
}

function normalizeName(name: string): string {
  const n = name.trim();
  if (n.length < 1 || n.length > 200) throw new InvalidError('organization.invalid_name', 'Name must be 1 to 200 characters');
  return n;
}

/** A customer. Its email domain is a separate aggregate, {@link DomainClaim}, with its own proof and lifecycle. */
export class Organization extends StatefulAggregate<OrganizationState> {
  static create(input: { name: string; now: Date }): Organization {
    const org = new Organization({
      id: newId(),
      name: normalizeName(input.name),
      settings: { ...DEFAULT_ORGANIZATION_SETTINGS },
      createdAt: input.now,
      deletedAt: null,
    });
    org.record(new OrganizationCreated(org.id, org.id, { name: org.name }, { after: { name: org.name } }));
    return org;
  }

  static restore(state: OrganizationState): Organization {
    return new Organization({ ...state });
  }

  get id(): string {
    return this.state.id;
  }
  get name(): string {
    return this.state.name;
  }
  get settings(): OrganizationSettingsData {
    return this.state.settings;
  }
  get isDeleted(): boolean {
    return this.state.deletedAt !== null;
  }

  update(patch: { name?: string; settings?: Record<string, unknown> }): void {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (patch.name !== undefined) {
      const name = normalizeName(patch.name);
      if (name !== this.state.name) {
        before.name = this.state.name;
        after.name = name;
        this.state.name = name;
      }
    }
    if (patch.settings !== undefined) {
      const settings = mergeSettings(this.state.settings, patch.settings);
      if (JSON.stringify(settings) !== JSON.stringify(this.state.settings)) {
        before.settings = this.state.settings;
        after.settings = settings;
        this.state.settings = settings;
      }
    }
    if (Object.keys(after).length > 0) {
      this.record(new OrganizationUpdated(this.id, this.id, {}, { before, after }));
    }
  }

  /** Records that the organization's data was exported, by whom and when; the state does not change. */
  recordExport(by: { type: string; id: string | null }, now: Date, linkTtlSeconds: number): void {
    const exportedAt = now.toISOString();
    this.record(
      new OrganizationExported(
        this.id,
        this.id,
        { exportedBy: by.id, exportedByType: by.type, exportedAt, linkTtlSeconds },
        { after: { exportedBy: by.id, exportedByType: by.type, exportedAt } },
      ),
    );
  }

  delete(now: Date): void {
    if (this.state.deletedAt) return;
    this.state.deletedAt = now;
    this.record(new OrganizationDeleted(this.id, this.id, {}, { before: { name: this.name }, after: { deletedAt: now.toISOString() } }));
  }
}
