import type { Readable } from 'node:stream';

export interface MediaCredentials {
  accountSid: string;
  authToken: string;
}

/**
 * Twilio's copy of a recording. The URL is built from the SIDs, never taken from a
 * callback, so a forged callback cannot make us fetch another host.
 */
export abstract class RecordingMediaSource {
  abstract open(
    credentials: MediaCredentials,
    recordingSid: string,
  ): Promise<{ body: Readable; contentType: string; contentLength: number | null; extension: string }>;
  /** Deletes Twilio's copy; a copy already gone is fine. */
  abstract delete(credentials: MediaCredentials, recordingSid: string): Promise<'deleted' | 'already_gone'>;
}

/** Twilio failed or could not be reached; a later attempt may succeed. */
export class MediaUnavailableError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'MediaUnavailableError';
  }
}
