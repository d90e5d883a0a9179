import { FixedClock } from '@test/fakes/ports/clock.fake';
import { InMemoryAnalysisRepository, InMemoryReviewerLoads } from '@test/fakes/ports/analysis-ports.fake';
import { ORG, REVIEWER, queuedAnalysis } from '@test/fakes/ports/analysis-fixtures';
import { ClaimNextAnalysisCommand } from './claim-next-analysis.command';
import { ClaimNextAnalysisHandler } from './claim-next-analysis.handler';

describe('ClaimNextAnalysisHandler', () => {
  it('assigns the next queued analysis to the claiming reviewer and counts it in their load', async () => {
    const queued = queuedAnalysis();
    const analyses = new InMemoryAnalysisRepository(queued);
    const loads = new InMemoryReviewerLoads([REVIEWER]);
    const id = await new ClaimNextAnalysisHandler(analyses, loads, new FixedClock()).execute(
      new ClaimNextAnalysisCommand({ organizationId: ORG, reviewerId: REVIEWER }),
    );
    expect(id).toBe(queued.id);
    expect(queued.status).toBe('in_review');
    expect(queued.assignedTo).toBe(REVIEWER);
    expect(analyses.saved).toEqual([{ id: queued.id, events: ['analysis.assigned'] }]);
    expect(loads.loads.get(REVIEWER)).toBe(1);
  });

  it('answers null and changes nothing when the queue is empty', async () => {
    const analyses = new InMemoryAnalysisRepository();
    const loads = new InMemoryReviewerLoads([REVIEWER]);
    const id = await new ClaimNextAnalysisHandler(analyses, loads, new FixedClock()).execute(
      new ClaimNextAnalysisCommand({ organizationId: ORG, reviewerId: REVIEWER }),
    );
    expect(id).toBeNull();
    expect(analyses.saved).toEqual([]);
    expect(loads.loads.size).toBe(0);
  });
});
