import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ScoringConfigRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { ScoringConfigVersion } from '@domain/analysis/scoring-config-version.aggregate';
import { validateScoringConfiguration } from '@domain/analysis/scoring/default-scoring-configuration';
import { CreateScoringConfigCommand } from './create-scoring-config.command';

@CommandHandler(CreateScoringConfigCommand)
export class CreateScoringConfigHandler implements ICommandHandler<CreateScoringConfigCommand, { version: number }> {
  constructor(private readonly configs: ScoringConfigRepository) {}

  async execute({ props: c }: CreateScoringConfigCommand): Promise<{ version: number }> {
    const config = validateScoringConfiguration(c.config);
    const version = await this.configs.nextVersion(c.organizationId);
    await this.configs.save(ScoringConfigVersion.create(c.organizationId, version, config, c.createdBy));
    return { version };
  }
}
