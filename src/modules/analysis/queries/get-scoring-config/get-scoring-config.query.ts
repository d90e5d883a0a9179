import { Query } from '@nestjs/cqrs';
import type { ScoringConfigVersion } from '@domain/analysis/ports/analysis-repositories.port';

export interface GetScoringConfigProps {
  readonly organizationId: string;
  readonly version: number | null;
}

/** The current version (null: the built-in default applies), or a given one. */
export class GetScoringConfigQuery extends Query<ScoringConfigVersion | null> {
  constructor(readonly props: GetScoringConfigProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
