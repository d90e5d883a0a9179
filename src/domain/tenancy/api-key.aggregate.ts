import { StatefulAggregate } from '../shared/aggregate-root';
import { InvalidError } from '../shared/domain-error';
import { ApiKeyCreated, ApiKeyRevoked } from './events/tenancy.events';
import { isPermission, type Permission } from './roles';

export interface ApiKeyState {
  id: string;
  organizationId: string;
  name: string;
  prefix: string;
  keyHash: string;
  scopes: Permission[];
  createdBy: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

/** An integration's credential. Only the hash of the secret is ever held. */
export class ApiKey extends StatefulAggregate<ApiKeyState> {
  static issue(input: {
    id: string;
    organizationId: string;
    name: string;
    prefix: string;
    keyHash: string;
    scopes: string[];
    createdBy: string | null;
    expiresAt: Date | null;
    now: Date;
  }): ApiKey {
    const name = input.name.trim();
    if (name.length < 1 || name.length > 100) throw new InvalidError('api_key.invalid_name', 'Name must be 1 to 100 characters');
    if (input.scopes.length === 0) throw new InvalidError('api_key.invalid_scopes', 'At least one scope is required');
    const unknown = input.scopes.filter((s) => !isPermission(s));
    if (unknown.length > 0) throw new InvalidError('api_key.invalid_scopes', `Unknown scopes: ${unknown.join(', ')}`);
    if (input.expiresAt && input.expiresAt.getTime() <= input.now.getTime()) {
      throw new InvalidError('api_key.invalid_expiry', 'expiresAt must be in the future');
    }
    const scopes = [...new Set(input.scopes)].sort() as Permission[];
    const key = new ApiKey({
      id: input.id,
      organizationId: input.organizationId,
      name,
      prefix: input.prefix,
      keyHash: input.keyHash,
      scopes,
      createdBy: input.createdBy,
      expiresAt: input.expiresAt,
      revokedAt: null,
      lastUsedAt: null,
      createdAt: input.now,
    });
    key.record(
      new ApiKeyCreated(
        key.organizationId,
        key.id,
        { name, scopes },
        { after: { name, prefix: input.prefix, scopes, expiresAt: input.expiresAt?.toISOString() ?? null } },
      ),
    );
    return key;
  }

  static restore(state: ApiKeyState): ApiKey {
    return new ApiKey({ ...state });
  }

  get id(): string {
    return this.state.id;
  }
  get organizationId(): string {
    return this.state.organizationId;
  }
  get scopes(): Permission[] {
    return this.state.scopes;
  }

  isUsableAt(now: Date): boolean {
    if (this.state.revokedAt) return false;
    return this.state.expiresAt === null || this.state.expiresAt.getTime() > now.getTime();
  }

  revoke(now: Date): void {
    if (this.state.revokedAt) return;
    this.state.revokedAt = now;
    this.record(new ApiKeyRevoked(this.organizationId, this.id, {}, { after: { revokedAt: now.toISOString() } }));
  }
}
