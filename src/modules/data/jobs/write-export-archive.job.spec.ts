import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import type { ObjectStorage } from '@modules/recording';
import type { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { CompleteOrganizationExportCommand } from '../commands/complete-organization-export/complete-organization-export.command';
import { FailOrganizationExportCommand } from '../commands/fail-organization-export/fail-organization-export.command';
import type { OrganizationExportService } from '../organization-export.service';
import { WriteExportArchiveJob } from './write-export-archive.job';

const ORG = '0193a000-0000-7000-8000-000000000001';
const ID = '0193a000-0000-7000-8000-000000000002';
const KEY = `${ORG}/exports/${ID}.ndjson`;
const PAGES = ['{"kind":"organization","data":{}}\n', '{"kind":"call","data":{"n":1}}\n{"kind":"call","data":{"n":2}}\n'];

function setUp(
  options: {
    status?: string;
    storageFails?: Error;
    completion?: { completed: boolean; status: string | null };
    pages?: () => AsyncGenerator<string>;
  } = {},
) {
  const stored = new Map<string, Buffer>();
  const removed: string[] = [];
  const commands: object[] = [];
  const storage = {
    async put(key: string, body: Readable) {
      const parts: Buffer[] = [];
      for await (const chunk of body) {
        parts.push(chunk as Buffer);
        if (options.storageFails) throw options.storageFails;
      }
      const bytes = Buffer.concat(parts);
      stored.set(key, bytes);
      return { key, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), contentType: 'application/x-ndjson' };
    },
    remove(key: string) {
      removed.push(key);
      stored.delete(key);
      return Promise.resolve();
    },
  } as unknown as ObjectStorage;
  const exports = {
    chunks:
      options.pages ??
      async function* () {
        yield* PAGES;
      },
  } as unknown as OrganizationExportService;
  const bus = {
    execute(command: object) {
      commands.push(command);
      if (command instanceof CompleteOrganizationExportCommand)
        return Promise.resolve(options.completion ?? { completed: true, status: 'completed' });
      return Promise.resolve(undefined);
    },
  } as unknown as TransactionalCommandBus;
  const queries = { execute: () => Promise.resolve({ id: ID, status: options.status ?? 'pending' }) } as unknown as TenantQueryBus;
  const job = new WriteExportArchiveJob(exports, storage, bus, queries);
  const run = (attempt: { retryCount?: number; retryLimit?: number; signal?: AbortSignal } = {}) =>
    job.run({ organizationId: ORG, exportId: ID }, { retryCount: 0, retryLimit: 3, ...attempt });
  return { stored, removed, commands, run };
}

describe('WriteExportArchiveJob', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('streams the export into storage at its key and completes it with rows, size and SHA-256', async () => {
    const { stored, commands, run } = setUp();
    await run();
    const bytes = Buffer.from(PAGES.join(''));
    expect(stored.get(KEY)).toEqual(bytes);
    expect(commands).toHaveLength(1);
    expect((commands[0] as CompleteOrganizationExportCommand).props).toEqual({
      organizationId: ORG,
      exportId: ID,
      rows: 3,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('leaves an export that is no longer pending alone, making sure a deleted one has nothing at its key', async () => {
    for (const status of ['completed', 'failed', 'deleted']) {
      const { stored, removed, commands, run } = setUp({ status });
      await run();
      expect([status, stored.size, commands.length, removed]).toEqual([status, 0, 0, status === 'deleted' ? [KEY] : []]);
    }
  });

  it('removes what it wrote when the export was deleted while it ran (an erasure)', async () => {
    const { stored, removed, run } = setUp({ completion: { completed: false, status: 'deleted' } });
    await run();
    expect(removed).toEqual([KEY]);
    expect(stored.size).toBe(0);
  });

  it('keeps the object when another run completed the export first', async () => {
    const { stored, removed, run } = setUp({ completion: { completed: false, status: 'completed' } });
    await run();
    expect(removed).toEqual([]);
    expect(stored.has(KEY)).toBe(true);
  });

  it('is retried while attempts remain, and on the last one removes what was written and fails the export with the reason', async () => {
    const failing = setUp({ storageFails: new Error('storage answered 503') });
    await expect(failing.run({ retryCount: 1 })).rejects.toThrow('storage answered 503');
    expect(failing.commands).toEqual([]);

    const last = setUp({ storageFails: new Error('storage answered 503') });
    await last.run({ retryCount: 3 });
    expect(last.removed).toEqual([KEY]);
    expect(last.commands).toHaveLength(1);
    expect(last.commands[0]).toBeInstanceOf(FailOrganizationExportCommand);
    expect((last.commands[0] as FailOrganizationExportCommand).props).toEqual({
      organizationId: ORG,
      exportId: ID,
      reason: 'storage answered 503',
    });
  });

  it('stops writing when its claim is lost, and records nothing about the attempt', async () => {
    const controller = new AbortController();
    const { commands, run } = setUp({
      pages: async function* () {
        yield PAGES[0]!;
        controller.abort(new Error('claim lapsed'));
        yield PAGES[1]!;
      },
    });
    await expect(run({ retryCount: 3, signal: controller.signal })).rejects.toThrow('claim lapsed');
    expect(commands).toEqual([]);
  });
});
