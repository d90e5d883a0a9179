import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { ObjectStorage } from '../../domain/recording/ports/object-storage.port';
import { RecordingSettings } from '../../domain/recording/ports/recording-settings.port';
import { extensionForUpload, sniffAudio } from '../../domain/recording/upload';
import { DomainError, InvalidError } from '../../domain/shared/domain-error';
import { newId } from '../../domain/shared/ids';
import { TenantQueryBus, TransactionalCommandBus } from '../shared';
import { StoreUploadedRecordingCommand } from './commands/store-uploaded-recording/store-uploaded-recording.command';
import { FindUploadByHashQuery } from './queries/find-upload-by-hash/find-upload-by-hash.query';

export interface StoredUpload {
  recordingId: string;
  sha256: string;
  sizeBytes: number;
  /** The same bytes were uploaded before: this is the earlier recording, and nothing new was kept. */
  duplicate: boolean;
}

/** Refuses a stream that is not what it claims, or grows past the limit, while it flows. */
class UploadGuard extends Transform {
  private seen = 0;
  private checked = false;
  private head = Buffer.alloc(0);

  constructor(
    private readonly extension: string,
    private readonly maxBytes: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) return done(new DomainError('upload.too_large', `The file is larger than ${this.maxBytes} bytes`, 'too_large'));
    if (!this.checked) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 16) return done();
      this.checked = true;
      const sniffed = sniffAudio(this.head);
      if (sniffed === null || (sniffed !== this.extension && !(sniffed === 'mp3' && this.extension === 'aac'))) {
        return done(new DomainError('upload.unsupported_type', 'The file is not audio of the declared type', 'unsupported_media'));
      }
      this.push(this.head);
      this.head = Buffer.alloc(0);
      return done();
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.seen === 0) return done(new InvalidError('upload.empty', 'The file is empty'));
    if (!this.checked) {
      const sniffed = sniffAudio(this.head);
      if (sniffed === null) return done(new DomainError('upload.unsupported_type', 'The file is not audio of the declared type', 'unsupported_media'));
      this.push(this.head);
    }
    done();
  }
}

/**
 * Audio uploaded for analysis: streamed into storage under a fresh key, hashed on the way;
 * the same bytes uploaded again in the organization give back the first recording.
 */
@Injectable()
export class AudioUploadsService {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly settings: RecordingSettings,
    private readonly queries: TenantQueryBus,
    private readonly commands: TransactionalCommandBus,
  ) {}

  async store(organizationId: string, file: { stream: Readable; fileName: string | null; contentType: string; maxBytes: number }): Promise<StoredUpload> {
    const extension = extensionForUpload(file.contentType);
    const recordingId = newId();
    const key = `${organizationId}/uploads/${recordingId}.${extension}`;
    const guard = new UploadGuard(extension, file.maxBytes);
    // The guard may refuse the first bytes before storage starts reading it: without a listener
    // that 'error' would be uncaught. Storage still fails with it (the stream stays errored).
    guard.on('error', () => undefined);
    file.stream.on('error', (e) => guard.destroy(e));
    const stored = await this.storage.put(key, file.stream.pipe(guard), { contentType: file.contentType, overwrite: false });
    // A multipart parser cuts a file at its own limit and marks the stream truncated: what was kept is not the file.
    if ((file.stream as Readable & { truncated?: boolean }).truncated) {
      await this.storage.remove(key);
      throw new DomainError('upload.too_large', `The file is larger than ${file.maxBytes} bytes`, 'too_large');
    }
    const earlier = await this.queries.execute<string | null>(new FindUploadByHashQuery(organizationId, stored.sha256));
    if (earlier) {
      await this.storage.remove(key);
      return { recordingId: earlier, sha256: stored.sha256, sizeBytes: stored.size, duplicate: true };
    }
    try {
      await this.commands.execute(
        new StoreUploadedRecordingCommand(organizationId, recordingId, {
          fileName: file.fileName,
          backend: this.settings.storageBackend,
          objectKey: key,
          contentType: stored.contentType,
          sizeBytes: stored.size,
          sha256: stored.sha256,
        }),
      );
      return { recordingId, sha256: stored.sha256, sizeBytes: stored.size, duplicate: false };
    } catch (error) {
      // The same file uploaded twice at once: the other upload won; keep its recording.
      await this.storage.remove(key);
      const winner = await this.queries.execute<string | null>(new FindUploadByHashQuery(organizationId, stored.sha256));
      if (winner) return { recordingId: winner, sha256: stored.sha256, sizeBytes: stored.size, duplicate: true };
      throw error;
    }
  }
}
