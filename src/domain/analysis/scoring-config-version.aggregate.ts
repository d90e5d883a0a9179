import { AggregateRoot } from '../shared/aggregate-root';
import { ScoringConfigCreated } from './events/analysis.events';
import type { ScoringConfiguration } from './scoring/risk-scoring';

/** One version of an organization's scoring configuration; never changed once written. */
export class ScoringConfigVersion extends AggregateRoot {
  private constructor(
    readonly organizationId: string,
    readonly version: number,
    readonly config: ScoringConfiguration,
    readonly createdBy: string | null,
  ) {
    super();
  }

  static create(organizationId: string, version: number, config: ScoringConfiguration, createdBy: string | null): ScoringConfigVersion {
    const v = new ScoringConfigVersion(organizationId, version, config, createdBy);
    v.record(
      new ScoringConfigCreated(
        organizationId,
        String(version),
        { version },
        {
          after: {
            version,
            phraseCategories: config.phraseCategories.map((c) => c.code),
            attributeWeights: config.attributeWeights,
            thresholds: config.thresholds,
          },
        },
      ),
    );
    return v;
  }
}
