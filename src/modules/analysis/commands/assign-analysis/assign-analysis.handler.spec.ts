import { FixedClock } from '@test/fakes/ports/clock.fake';
import { InMemoryAnalysisRepository, InMemoryReviewerLoads } from '@test/fakes/ports/analysis-ports.fake';
import { ORG, OTHER_REVIEWER, REVIEWER, analysisInReview, queuedAnalysis } from '@test/fakes/ports/analysis-fixtures';
import { AssignAnalysisCommand } from './assign-analysis.command';
import { AssignAnalysisHandler } from './assign-analysis.handler';

const ADMIN = '0193a000-0000-7000-8000-0000000000ad';

function setUp(...analyses: ReturnType<typeof queuedAnalysis>[]) {
  const repo = new InMemoryAnalysisRepository(...analyses);
  const loads = new InMemoryReviewerLoads([REVIEWER, OTHER_REVIEWER]);
  return { repo, loads, handler: new AssignAnalysisHandler(repo, loads, new FixedClock()) };
}

describe('AssignAnalysisHandler', () => {
  it('assigns to the named reviewer and counts the load', async () => {
    const a = queuedAnalysis();
    const { repo, loads, handler } = setUp(a);
    await expect(
      handler.execute(new AssignAnalysisCommand({ organizationId: ORG, analysisId: a.id, reviewerId: OTHER_REVIEWER, assignedBy: ADMIN })),
    ).resolves.toEqual({ reviewerId: OTHER_REVIEWER });
    expect(a.assignedTo).toBe(OTHER_REVIEWER);
    expect(repo.saved).toEqual([{ id: a.id, events: ['analysis.assigned'] }]);
    expect(loads.loads.get(OTHER_REVIEWER)).toBe(1);
  });

  it('picks the least-loaded reviewer when none is named', async () => {
    const a = queuedAnalysis();
    const { loads, handler } = setUp(a);
    loads.loads.set(REVIEWER, 3);
    await expect(
      handler.execute(new AssignAnalysisCommand({ organizationId: ORG, analysisId: a.id, reviewerId: null, assignedBy: ADMIN })),
    ).resolves.toEqual({ reviewerId: OTHER_REVIEWER });
  });

  it('moves an analysis in review from one reviewer to another, releasing the first', async () => {
    const a = analysisInReview(REVIEWER);
    const { repo, loads, handler } = setUp(a);
    loads.loads.set(REVIEWER, 1);
    await handler.execute(
      new AssignAnalysisCommand({ organizationId: ORG, analysisId: a.id, reviewerId: OTHER_REVIEWER, assignedBy: ADMIN }),
    );
    expect(repo.saved).toEqual([{ id: a.id, events: ['analysis.released', 'analysis.assigned'] }]);
    expect(loads.loads.get(REVIEWER)).toBe(0);
    expect(loads.loads.get(OTHER_REVIEWER)).toBe(1);
  });

  it('changes nothing when the analysis is already with that reviewer', async () => {
    const a = analysisInReview(REVIEWER);
    const { repo, loads, handler } = setUp(a);
    await expect(
      handler.execute(new AssignAnalysisCommand({ organizationId: ORG, analysisId: a.id, reviewerId: REVIEWER, assignedBy: ADMIN })),
    ).resolves.toEqual({ reviewerId: REVIEWER });
    expect(repo.saved).toEqual([]);
    expect(loads.loads.size).toBe(0);
  });

  it('refuses someone who is not a reviewer, an organization without reviewers, and an unknown analysis', async () => {
    const a = queuedAnalysis();
    const { handler } = setUp(a);
    await expect(
      handler.execute(new AssignAnalysisCommand({ organizationId: ORG, analysisId: a.id, reviewerId: ADMIN, assignedBy: ADMIN })),
    ).rejects.toMatchObject({ code: 'analysis.not_a_reviewer' });
    const empty = new AssignAnalysisHandler(new InMemoryAnalysisRepository(a), new InMemoryReviewerLoads([]), new FixedClock());
    await expect(
      empty.execute(new AssignAnalysisCommand({ organizationId: ORG, analysisId: a.id, reviewerId: null, assignedBy: ADMIN })),
    ).rejects.toMatchObject({ code: 'analysis.no_reviewer' });
    await expect(
      handler.execute(new AssignAnalysisCommand({ organizationId: ORG, analysisId: ADMIN, reviewerId: REVIEWER, assignedBy: ADMIN })),
    ).rejects.toMatchObject({ code: 'analysis.not_found' });
    expect(a.status).toBe('needs_review');
  });
});
