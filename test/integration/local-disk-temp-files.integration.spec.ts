import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '@infrastructure/config/app-config';
import { LocalDiskObjectStorage } from '@infrastructure/storage/local-disk.storage';
import { TEST_ENCRYPTION_KEY, TMP_DIR } from '../support/test-environment';

/** The local store leaves no temporary file behind: not on a failed put, not after a crash (swept at start-up). */
describe('local disk storage: temporary files', () => {
  let storage: LocalDiskObjectStorage;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = path.join(TMP_DIR, `local-temp-${randomBytes(4).toString('hex')}`);
    storage = new LocalDiskObjectStorage(loadConfig({ NODE_ENV: 'test', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, DATA_DIR: dataDir }));
    await storage.checkAccess();
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const temporaryFiles = async () => (await fs.readdir(storage.root, { recursive: true })).map(String).filter((f) => f.endsWith('.tmp'));

  it('removes its temporary file when the body fails at once, or halfway', async () => {
    // An upload whose client is gone before its first byte (an aborted multipart request).
    const failsAtOnce = new Readable({ read() {} });
    const put = storage.put('org/calls/a.wav', failsAtOnce, { contentType: 'audio/wav', overwrite: true });
    failsAtOnce.destroy(new Error('client went away'));
    await expect(put).rejects.toThrow('client went away');
    let sent = 0;
    const failsHalfway = new Readable({
      read() {
        if (sent++ < 5) this.push(randomBytes(64 * 1024));
        else this.destroy(new Error('connection reset'));
      },
    });
    await expect(storage.put('org/calls/b.wav', failsHalfway, { contentType: 'audio/wav', overwrite: true })).rejects.toThrow(
      'connection reset',
    );
    // Give a late file open (the old bug) the chance to show up.
    await new Promise((r) => setTimeout(r, 50));
    expect(await temporaryFiles()).toEqual([]);
    expect(await storage.info('org/calls/a.wav')).toBeNull();
  });

  it('sweeps what a killed process left at start-up, keeping files young enough to belong to a live one', async () => {
    const dir = path.join(storage.root, 'org', 'calls');
    await fs.mkdir(dir, { recursive: true });
    const old = path.join(dir, `.rec.wav.${randomBytes(6).toString('hex')}.tmp`);
    const oldMeta = path.join(dir, `.rec.wav.${randomBytes(6).toString('hex')}.meta.tmp`);
    const young = path.join(dir, `.other.wav.${randomBytes(6).toString('hex')}.tmp`);
    const object = path.join(dir, 'kept.wav');
    for (const f of [old, oldMeta, young, object]) await fs.writeFile(f, 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const f of [old, oldMeta, object]) await fs.utimes(f, twoHoursAgo, twoHoursAgo);

    await storage.onModuleInit();
    const left = (await fs.readdir(dir)).sort();
    expect(left).toEqual([path.basename(young), 'kept.wav'].sort());
  });
});
