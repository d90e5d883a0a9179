import { Command } from '@nestjs/cqrs';
import type { ScoringConfiguration } from '@domain/analysis/scoring/risk-scoring';

export interface CreateScoringConfigProps {
  readonly organizationId: string;
  readonly config: ScoringConfiguration;
  readonly createdBy: string | null;
}

/** A new version; earlier versions are never rewritten. */
export class CreateScoringConfigCommand extends Command<{ version: number }> {
  constructor(readonly props: CreateScoringConfigProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
