/** Deployment settings of the recording context. */
export abstract class RecordingSettings {
  /** `supabase` or `local`: which store holds the audio. */
  abstract readonly storageBackend: string;
  /** Playback URLs live this long (at most 5 minutes). */
  abstract readonly playbackUrlTtlSeconds: number;
  /** Webhook signatures are checked over this base, never the Host header. */
  abstract readonly publicBaseUrl: string;
  /** The most one transcription request may carry; larger audio is cut into pieces (or refused). */
  abstract readonly transcriptionMaxUploadBytes: number;
}
