import { exportArchiveKey, OrganizationExport } from './organization-export.aggregate';

const ORG = '0193a000-0000-7000-8000-000000000001';
const ID = '0193a000-0000-7000-8000-000000000002';
const NOW = new Date('2026-03-01T09:00:00.000Z');
const LATER = new Date('2026-03-01T09:05:00.000Z');
const SHA = 'a'.repeat(64);

function requested(): OrganizationExport {
  const e = OrganizationExport.request({
    id: ID,
    organizationId: ORG,
    requestedBy: { type: 'user', id: 'u-1' },
    storageBackend: 'local',
    now: NOW,
  });
  e.pullEvents();
  return e;
}

describe('OrganizationExport', () => {
  it('is requested pending, with its archive key fixed by its id, and says so', () => {
    const e = OrganizationExport.request({
      id: ID,
      organizationId: ORG,
      requestedBy: { type: 'api_key', id: 'k-1' },
      storageBackend: 'local',
      now: NOW,
    });
    expect(e.snapshot()).toMatchObject({
      status: 'pending',
      objectKey: `${ORG}/exports/${ID}.ndjson`,
      requestedByType: 'api_key',
      requestedById: 'k-1',
    });
    expect(exportArchiveKey(ORG, ID)).toBe(e.objectKey);
    const [event] = e.pullEvents();
    expect(event).toMatchObject({ type: 'organization_export.requested', resourceType: 'organization_export', resourceId: ID });
  });

  it('completes once: a second completion (the job run again) changes and records nothing', () => {
    const e = requested();
    expect(e.complete({ rows: 12, sizeBytes: 3400, sha256: SHA }, LATER)).toBe(true);
    expect(e.snapshot()).toMatchObject({ status: 'completed', rows: 12, sizeBytes: 3400, sha256: SHA, completedAt: LATER });
    expect(e.pullEvents().map((x) => x.type)).toEqual(['organization_export.completed']);
    expect(e.complete({ rows: 13, sizeBytes: 3500, sha256: 'b'.repeat(64) }, LATER)).toBe(false);
    expect(e.snapshot().rows).toBe(12);
    expect(e.pullEvents()).toEqual([]);
  });

  it('refuses an archive that is not one', () => {
    expect(() => requested().complete({ rows: -1, sizeBytes: 1, sha256: SHA }, LATER)).toThrow();
    expect(() => requested().complete({ rows: 1, sizeBytes: 1, sha256: 'not a hash' }, LATER)).toThrow();
  });

  it('fails only while pending, with a short reason', () => {
    const e = requested();
    expect(e.fail('x'.repeat(2000), LATER)).toBe(true);
    expect(e.snapshot().status).toBe('failed');
    expect(e.snapshot().failureReason!.length).toBeLessThanOrEqual(500);
    expect(e.fail('again', LATER)).toBe(false);
    expect(e.complete({ rows: 1, sizeBytes: 1, sha256: SHA }, LATER)).toBe(false);
  });

  it('hands out download links only for a stored archive', () => {
    const e = requested();
    expect(e.downloadable).toBe(false);
    expect(() => e.recordDownloadIssued(LATER)).toThrow();
    e.complete({ rows: 1, sizeBytes: 10, sha256: SHA }, LATER);
    e.pullEvents();
    e.recordDownloadIssued(LATER);
    expect(e.pullEvents()).toMatchObject([{ type: 'organization_export.download_issued', payload: { expiresAt: LATER.toISOString() } }]);
  });

  it('is deleted once, from any status, with the reason the privacy context reads', () => {
    for (const prepare of [
      (e: OrganizationExport) => e,
      (e: OrganizationExport) => (e.complete({ rows: 1, sizeBytes: 1, sha256: SHA }, NOW), e),
    ]) {
      const e = prepare(requested());
      const before = e.status;
      e.pullEvents();
      expect(e.markDeleted('erasure', LATER)).toBe(true);
      expect(e.snapshot()).toMatchObject({ status: 'deleted', deletedAt: LATER });
      expect(e.downloadable).toBe(false);
      expect(e.pullEvents()).toMatchObject([
        {
          type: 'organization_export.deleted',
          payload: { reason: 'erasure', objectKey: `${ORG}/exports/${ID}.ndjson`, previousStatus: before },
          changes: { after: { status: 'deleted', reason: 'erasure' } },
        },
      ]);
      expect(e.markDeleted('retention', LATER)).toBe(false);
      expect(e.pullEvents()).toEqual([]);
      expect(e.complete({ rows: 1, sizeBytes: 1, sha256: SHA }, LATER)).toBe(false);
    }
  });
});
