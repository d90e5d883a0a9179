import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { uploadAudioProblem } from '@domain/recording/audio-inspection';
import { AudioInspector } from '@domain/recording/ports/audio-inspector.port';
import { ObjectStorage, type StoredObject } from '@domain/recording/ports/object-storage.port';
import { RecordingSettings } from '@domain/recording/ports/recording-settings.port';
import { extensionForUpload, isGenericUploadType, resolveUploadType, sniffAudio, SNIFF_BYTES } from '@domain/recording/upload';
import { DomainError, InvalidError } from '@domain/shared/domain-error';
import { newId } from '@domain/shared/ids';
import { TenantQueryBus, TransactionalCommandBus } from '../shared';
import { AudioCheckStream } from './audio-check.stream';
import { StoreUploadedRecordingCommand } from './commands/store-uploaded-recording/store-uploaded-recording.command';
import { FindUploadByHashQuery } from './queries/find-upload-by-hash/find-upload-by-hash.query';

export interface StoredUpload {
  recordingId: string;
  sha256: string;
  sizeBytes: number;
  /** The same bytes were uploaded before: this is the earlier recording, and nothing new was kept. */
  duplicate: boolean;
}

/** Read ahead before anything is stored: a file this small is judged whole before storage sees a byte. */
const READ_AHEAD_BYTES = 256 * 1024;

/**
 * At least the first `bytes` bytes of `stream` (fewer only if it ends first; `ended` then), and
 * a stream of the whole file from its first byte: what was read ahead, then the rest as it comes.
 */
async function peek(stream: Readable, bytes: number): Promise<{ head: Buffer; ended: boolean; body: Readable }> {
  const parts: Buffer[] = [];
  let length = 0;
  let ended = false;
  await new Promise<void>((resolve, reject) => {
    const stop = () => {
      stream.off('readable', read);
      stream.off('end', atEnd);
      stream.off('error', fail);
    };
    const done = () => {
      stop();
      resolve();
    };
    const atEnd = () => {
      ended = true;
      done();
    };
    const fail = (error: Error) => {
      stop();
      reject(error);
    };
    const read = () => {
      let chunk: Buffer | null;
      while (length < bytes && (chunk = stream.read() as Buffer | null) !== null) {
        parts.push(chunk);
        length += chunk.length;
      }
      if (length >= bytes) done();
    };
    stream.on('readable', read);
    stream.on('end', atEnd);
    stream.on('error', fail);
  });
  // An error before the rest is read (a client going away) must not go uncaught; reading the rest sees it.
  stream.on('error', () => undefined);
  const head = Buffer.concat(parts);
  async function* whole(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    // A small file may have ended (and said so) while its head was read.
    // Not destroyed when the rest is not wanted: the caller drains it, so the request completes.
    if (!stream.readableEnded) yield* stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
  }
  return { head, ended, body: Readable.from(whole(), { objectMode: false }) };
}

/**
 * Audio uploaded for analysis: recognised by its first bytes (which decide its type when the
 * declared one is generic), streamed into storage under a fresh key, inspected and hashed on
 * the way. A WAV or MP3 that does not decode through to its end is refused (422
 * `upload.not_audio`) and nothing is kept: what the first 256 KB show (for a smaller file,
 * everything) is refused before storage is touched, the rest when the stream ends. The same
 * bytes uploaded again in the organization give back the first recording.
 */
@Injectable()
export class AudioUploadsService {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly settings: RecordingSettings,
    private readonly queries: TenantQueryBus,
    private readonly commands: TransactionalCommandBus,
    private readonly inspector: AudioInspector,
  ) {}

  async store(
    organizationId: string,
    file: { stream: Readable; fileName: string | null; contentType: string; maxBytes: number },
  ): Promise<StoredUpload> {
    // A declared type that is not audio is refused before anything is read.
    if (!isGenericUploadType(file.contentType)) extensionForUpload(file.contentType);
    const { head, ended, body } = await peek(file.stream, READ_AHEAD_BYTES);
    try {
      return await this.keep(organizationId, file, { head, ended }, body);
    } catch (error) {
      // Refused or failed: the rest of the file is read and dropped, so the request can finish.
      if (!file.stream.destroyed && !file.stream.readableEnded) file.stream.resume();
      throw error;
    }
  }

  private async keep(
    organizationId: string,
    file: { stream: Readable; fileName: string | null; contentType: string; maxBytes: number },
    { head, ended }: { head: Buffer; ended: boolean },
    body: Readable,
  ): Promise<StoredUpload> {
    if (head.length === 0) throw new InvalidError('upload.empty', 'The file is empty');
    const type = resolveUploadType(file.contentType, sniffAudio(head.subarray(0, SNIFF_BYTES)));
    const tooLarge = () => new DomainError('upload.too_large', `The file is larger than ${file.maxBytes} bytes`, 'too_large');
    // A multipart parser cuts a file at its own limit and marks the stream truncated: what arrived is not the file.
    const truncated = () => (file.stream as Readable & { truncated?: boolean }).truncated === true;
    const notAudio = (reason: string) => new DomainError('upload.not_audio', reason, 'unprocessable');

    // What the bytes read ahead already say (for a small file, all of it), before storage sees any.
    const preview = this.inspector.inspect(type.format);
    preview.push(head);
    const early = preview.problem ?? (ended ? uploadAudioProblem(preview.end()) : null);
    if (early) throw truncated() || head.length > file.maxBytes ? tooLarge() : notAudio(early);

    const recordingId = newId();
    const key = `${organizationId}/uploads/${recordingId}.${type.extension}`;
    const check = AudioCheckStream.over(
      body,
      new AudioCheckStream(this.inspector.inspect(type.format), {
        refuse: notAudio,
        verdict: uploadAudioProblem,
        maxBytes: { limit: file.maxBytes, tooLarge },
      }),
    );
    let stored: StoredObject;
    try {
      stored = await this.storage.put(key, check, { contentType: type.contentType, overwrite: false });
    } catch (error) {
      if (!check.refusal) throw error;
      // Storage failed because the check refused the bytes: make sure nothing of them stays.
      await this.storage.remove(key).catch(() => undefined);
      throw truncated() ? tooLarge() : check.refusal;
    }
    if (truncated()) {
      await this.storage.remove(key);
      throw tooLarge();
    }
    if (stored.size !== check.bytes || stored.sha256 !== check.sha256) {
      await this.storage.remove(key).catch(() => undefined);
      throw new Error(
        `Storage reports ${stored.size} bytes with SHA-256 ${stored.sha256} at ${key}; ${check.bytes} bytes with SHA-256 ${check.sha256} were uploaded`,
      );
    }
    const audio = check.inspected;
    const described = {
      channels: audio.channels ?? 1,
      durationSeconds: audio.durationSeconds === null ? null : Math.round(audio.durationSeconds),
    };
    const earlier = await this.queries.execute(new FindUploadByHashQuery({ organizationId, sha256: stored.sha256 }));
    if (earlier) {
      await this.storage.remove(key);
      return { recordingId: earlier, sha256: stored.sha256, sizeBytes: stored.size, duplicate: true };
    }
    try {
      await this.commands.execute(
        new StoreUploadedRecordingCommand({
          organizationId,
          recordingId,
          file: {
            fileName: file.fileName,
            ...described,
            backend: this.settings.storageBackend,
            objectKey: key,
            contentType: stored.contentType,
            sizeBytes: stored.size,
            sha256: stored.sha256,
          },
        }),
      );
      return { recordingId, sha256: stored.sha256, sizeBytes: stored.size, duplicate: false };
    } catch (error) {
      // The same file uploaded twice at once: the other upload won; keep its recording.
      await this.storage.remove(key);
      const winner = await this.queries.execute(new FindUploadByHashQuery({ organizationId, sha256: stored.sha256 }));
      if (winner) return { recordingId: winner, sha256: stored.sha256, sizeBytes: stored.size, duplicate: true };
      throw error;
    }
  }
}
