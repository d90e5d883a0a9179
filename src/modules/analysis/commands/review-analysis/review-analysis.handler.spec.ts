import { FakeQueryBus } from '@test/fakes/ports/query-bus.fake';
import { FixedClock } from '@test/fakes/ports/clock.fake';
import { InMemoryAnalysisRepository, InMemoryReviewerLoads } from '@test/fakes/ports/analysis-ports.fake';
import { ORG, REVIEWER, analysisInReview } from '@test/fakes/ports/analysis-fixtures';
import { GetOrganizationQuery } from '@modules/tenancy';
import { ReviewAnalysisCommand } from './review-analysis.command';
import { ReviewAnalysisHandler } from './review-analysis.handler';

function setUp(minimumReviewPlayback: number | null) {
  const a = analysisInReview(REVIEWER);
  const repo = new InMemoryAnalysisRepository(a);
  const loads = new InMemoryReviewerLoads([REVIEWER]);
  loads.loads.set(REVIEWER, 1);
  const queries = new FakeQueryBus().answer(GetOrganizationQuery, () =>
    minimumReviewPlayback === null ? null : { settings: { minimumReviewPlayback } },
  );
  return { a, repo, loads, handler: new ReviewAnalysisHandler(repo, loads, queries.asBus(), new FixedClock()) };
}

const clear = (analysisId: string) =>
  new ReviewAnalysisCommand({
    organizationId: ORG,
    analysisId,
    decision: 'cleared',
    notes: null,
    reviewerId: REVIEWER,
    mayActForOthers: false,
  });

describe('ReviewAnalysisHandler', () => {
  it("holds a high-priority clear to the organization's minimum playback", async () => {
    const { a, repo, loads, handler } = setUp(0.5);
    await expect(handler.execute(clear(a.id))).rejects.toMatchObject({
      code: 'analysis.review_incomplete',
      details: { played: 0, required: 50 },
    });
    expect(a.status).toBe('in_review');
    expect(repo.saved).toEqual([]);
    expect(loads.loads.get(REVIEWER)).toBe(1);
  });

  it('clears when the organization asks for no playback, and ends the reviewer’s load', async () => {
    const { a, repo, loads, handler } = setUp(0);
    await handler.execute(clear(a.id));
    expect(a.status).toBe('cleared');
    expect(repo.saved).toEqual([{ id: a.id, events: ['analysis.reviewed'] }]);
    expect(loads.loads.get(REVIEWER)).toBe(0);
  });

  it('answers analysis.not_found and organization.not_found', async () => {
    const { handler } = setUp(0);
    await expect(handler.execute(clear(ORG))).rejects.toMatchObject({ code: 'analysis.not_found' });
    const other = setUp(null);
    await expect(other.handler.execute(clear(other.a.id))).rejects.toMatchObject({ code: 'organization.not_found' });
  });
});
