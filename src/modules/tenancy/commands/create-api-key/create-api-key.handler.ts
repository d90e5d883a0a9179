import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@domain/shared/clock';
import { ForbiddenError } from '@domain/shared/domain-error';
import { newId } from '@domain/shared/ids';
import { ApiKey } from '@domain/tenancy/api-key.aggregate';
import { ApiKeySecrets } from '@domain/tenancy/ports/api-key-secrets.port';
import { ApiKeyRepository } from '@domain/tenancy/ports/tenancy-repositories.port';
import { CreateApiKeyCommand, type CreatedApiKey } from './create-api-key.command';

@CommandHandler(CreateApiKeyCommand)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKeyCommand, CreatedApiKey> {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly secrets: ApiKeySecrets,
    private readonly clock: Clock,
  ) {}

  async execute({ props: command }: CreateApiKeyCommand): Promise<CreatedApiKey> {
    const beyond = command.scopes.filter((s) => !command.grantable(s));
    if (beyond.length > 0) throw new ForbiddenError('api_key.scope_not_grantable', `You cannot grant: ${beyond.join(', ')}`);
    const secret = this.secrets.generate();
    const key = ApiKey.issue({
      id: newId(),
      organizationId: command.organizationId,
      name: command.name,
      prefix: secret.prefix,
      keyHash: secret.hash,
      scopes: command.scopes,
      createdBy: command.createdBy,
      expiresAt: command.expiresAt,
      now: this.clock.now(),
    });
    await this.keys.save(key);
    return { id: key.id, key: secret.key, prefix: secret.prefix };
  }
}
