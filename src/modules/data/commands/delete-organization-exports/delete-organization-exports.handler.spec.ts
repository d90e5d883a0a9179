import { OrganizationExport } from '@domain/data/organization-export.aggregate';
import { OrganizationExportRepository } from '@domain/data/ports/organization-export-repositories.port';
import { FixedClock } from '@test/fakes/ports/clock.fake';
import type { ObjectStorage } from '@modules/recording';
import { DeleteOrganizationExportsCommand } from './delete-organization-exports.command';
import { DeleteOrganizationExportsHandler } from './delete-organization-exports.handler';

const ORG = '0193a000-0000-7000-8000-000000000001';
const SHA = 'c'.repeat(64);

/** Rows as the database would keep them: a save stores a copy; nothing is kept of a failed command unless saved. */
class InMemoryExports extends OrganizationExportRepository {
  readonly rows = new Map<string, ReturnType<OrganizationExport['snapshot']>>();
  readonly events: string[] = [];

  findById(organizationId: string, exportId: string): Promise<OrganizationExport | null> {
    const row = this.rows.get(exportId);
    return Promise.resolve(row && row.organizationId === organizationId ? OrganizationExport.restore(row) : null);
  }
  undeletedOf(organizationId: string): Promise<OrganizationExport[]> {
    return Promise.resolve(
      [...this.rows.values()]
        .filter((r) => r.organizationId === organizationId && r.status !== 'deleted')
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((r) => OrganizationExport.restore(r)),
    );
  }
  save(e: OrganizationExport): Promise<void> {
    this.rows.set(e.id, e.snapshot());
    this.events.push(...e.pullEvents().map((x) => `${x.type}:${x.resourceId}`));
    return Promise.resolve();
  }
}

function exportOf(id: string, organizationId = ORG, complete = true): OrganizationExport {
  const e = OrganizationExport.request({
    id,
    organizationId,
    requestedBy: { type: 'user', id: 'u' },
    storageBackend: 'local',
    now: new Date(),
  });
  if (complete) e.complete({ rows: 1, sizeBytes: 1, sha256: SHA }, new Date());
  e.pullEvents();
  return e;
}

function setUp(failOn: string | null = null) {
  const repo = new InMemoryExports();
  const removed: string[] = [];
  const storage = {
    remove(key: string) {
      if (key === failOn) return Promise.reject(new Error('storage answered 503'));
      removed.push(key);
      return Promise.resolve();
    },
  } as unknown as ObjectStorage;
  const handler = new DeleteOrganizationExportsHandler(repo, storage, new FixedClock());
  return { repo, removed, run: () => handler.execute(new DeleteOrganizationExportsCommand({ organizationId: ORG, reason: 'erasure' })) };
}

describe('DeleteOrganizationExportsHandler', () => {
  const A = '0193a000-0000-7000-8000-00000000000a';
  const B = '0193a000-0000-7000-8000-00000000000b';
  const OTHER = '0193a000-0000-7000-8000-00000000000c';

  it('removes each archive of the organization left, pending ones included, then marks it deleted; none of another organization', async () => {
    const { repo, removed, run } = setUp();
    for (const e of [exportOf(A), exportOf(B, ORG, false), exportOf(OTHER, '0193a000-0000-7000-8000-0000000000ff')])
      repo.rows.set(e.id, e.snapshot());
    expect(await run()).toEqual([
      { exportId: A, objectKey: `${ORG}/exports/${A}.ndjson`, status: 'deleted' },
      { exportId: B, objectKey: `${ORG}/exports/${B}.ndjson`, status: 'deleted' },
    ]);
    expect(removed).toEqual([`${ORG}/exports/${A}.ndjson`, `${ORG}/exports/${B}.ndjson`]);
    expect(repo.events).toEqual([`organization_export.deleted:${A}`, `organization_export.deleted:${B}`]);
    expect(repo.rows.get(OTHER)!.status).toBe('completed');
    expect(await run()).toEqual([]);
  });

  it('marks nothing deleted whose object could not be removed', async () => {
    const { repo, run } = setUp(`${ORG}/exports/${B}.ndjson`);
    for (const e of [exportOf(A), exportOf(B)]) repo.rows.set(e.id, e.snapshot());
    await expect(run()).rejects.toThrow('storage answered 503');
    expect(repo.rows.get(B)!.status).toBe('completed');
  });
});
