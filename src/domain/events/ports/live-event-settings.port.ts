/** How the live stream behaves (bound from the configuration). */
export abstract class LiveEventSettings {
  /** Comment lines sent this often keep proxies from closing an idle stream. */
  abstract readonly heartbeatSeconds: number;
  /** Open streams one caller (a user or an API key) may hold in one process. */
  abstract readonly maxStreamsPerPrincipal: number;
  /** A client that lets this much go unread is cut rather than buffered without bound. */
  abstract readonly streamBufferBytes: number;
  /** How long committed events stay replayable. */
  abstract readonly retentionHours: number;
  /** Every stream's organization is also re-read this often, in case a signal was lost. */
  abstract readonly pollSeconds: number;
}
