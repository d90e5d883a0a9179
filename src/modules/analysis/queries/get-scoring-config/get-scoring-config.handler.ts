import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ScoringConfigRepository, type ScoringConfigVersion } from '@domain/analysis/ports/analysis-repositories.port';
import { GetScoringConfigQuery } from './get-scoring-config.query';

@QueryHandler(GetScoringConfigQuery)
export class GetScoringConfigHandler implements IQueryHandler<GetScoringConfigQuery, ScoringConfigVersion | null> {
  constructor(private readonly configs: ScoringConfigRepository) {}

  execute({ props: q }: GetScoringConfigQuery): Promise<ScoringConfigVersion | null> {
    return q.version === null ? this.configs.latest(q.organizationId) : this.configs.version(q.organizationId, q.version);
  }
}
