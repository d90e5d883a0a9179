import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { apiKeyNotFound } from '@domain/tenancy/errors';
import { ApiKeyRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { RevokeApiKeyCommand } from './revoke-api-key.command';

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand, void> {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: { organizationId, keyId } }: RevokeApiKeyCommand): Promise<void> {
    const key = await this.keys.findById(organizationId, keyId);
    if (!key) throw apiKeyNotFound();
    key.revoke(this.clock.now());
    await this.keys.save(key);
  }
}
