import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { MediaUnavailableError, RecordingMediaSource, type MediaCredentials } from '@domain/recording/ports/recording-media.port';
import { AppConfig } from '../config/app-config';

const SID = { account: /^AC[0-9a-f]{32}$/, recording: /^RE[0-9a-f]{32}$/ };
const MAX_REDIRECTS = 3;
const CONNECT_TIMEOUT_MS = 15_000;
/** A download that stalls this long is abandoned (and retried by the job). */
const IDLE_TIMEOUT_MS = 60_000;

/**
 * Recording media straight from Twilio with node:http and streams: a 200 MB recording
 * passes through without being held in memory. Twilio answers media with a redirect to its
 * storage; credentials are sent to Twilio's origin only.
 */
@Injectable()
export class TwilioRecordingMediaSource extends RecordingMediaSource {
  private readonly agent = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  constructor(private readonly config: AppConfig) {
    super();
  }

  async open(credentials: MediaCredentials, recordingSid: string) {
    const url = this.recordingUrl(credentials.accountSid, recordingSid, '.wav');
    const response = await this.request('GET', url, credentials, 0);
    const length = Number(response.headers['content-length']);
    return {
      body: response as Readable,
      // As sent: an answer without a media type is not assumed to be audio (the import checks it is).
      contentType: String(response.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim(),
      contentLength: Number.isFinite(length) && length >= 0 ? length : null,
      extension: 'wav',
    };
  }

  async delete(credentials: MediaCredentials, recordingSid: string): Promise<'deleted' | 'already_gone'> {
    const response = await this.request('DELETE', this.recordingUrl(credentials.accountSid, recordingSid, '.json'), credentials, 0, [404]);
    response.resume();
    return response.statusCode === 404 ? 'already_gone' : 'deleted';
  }

  private recordingUrl(accountSid: string, recordingSid: string, suffix: string): URL {
    if (!SID.account.test(accountSid) || !SID.recording.test(recordingSid)) throw new Error('Malformed Twilio SID');
    return new URL(`${this.config.twilioApiBaseUrl}/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}${suffix}`);
  }

  private request(
    method: string,
    url: URL,
    credentials: MediaCredentials,
    redirects: number,
    accepted: number[] = [],
  ): Promise<http.IncomingMessage> {
    const twilioOrigin = new URL(this.config.twilioApiBaseUrl).origin;
    const lib = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { 'user-agent': 'switchboard' };
    if (url.origin === twilioOrigin) {
      headers.authorization = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
    }
    return new Promise((resolve, reject) => {
      const req = lib.request(
        url,
        { method, headers, agent: url.protocol === 'https:' ? this.agent.https : this.agent.http, timeout: CONNECT_TIMEOUT_MS },
        (res) => {
          const status = res.statusCode ?? 0;
          if ([301, 302, 303, 307, 308].includes(status) && res.headers.location && method === 'GET') {
            res.resume();
            if (redirects >= MAX_REDIRECTS) return reject(new MediaUnavailableError('Too many redirects fetching the recording', status));
            return resolve(this.request(method, new URL(res.headers.location, url), credentials, redirects + 1, accepted));
          }
          if ((status >= 200 && status < 300) || accepted.includes(status)) {
            res.setTimeout(IDLE_TIMEOUT_MS, () => res.destroy(new MediaUnavailableError('The recording download stalled', null)));
            return resolve(res);
          }
          res.resume();
          reject(new MediaUnavailableError(`Twilio answered ${status} for the recording`, status));
        },
      );
      req.on('timeout', () => req.destroy(new MediaUnavailableError('Twilio did not answer in time', null)));
      req.on('error', (error) =>
        reject(
          error instanceof MediaUnavailableError
            ? error
            : new MediaUnavailableError(`Twilio could not be reached: ${(error as NodeJS.ErrnoException).code ?? error.message}`, null),
        ),
      );
      req.end();
    });
  }
}
