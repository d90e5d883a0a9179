import { DomainError } from '../shared/domain-error';

/** Audio types accepted for analysis uploads, with the extension the stored object gets. */
export const AUDIO_TYPES: Record<string, string> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/ogg': 'ogg',
  'audio/webm': 'webm',
  'audio/flac': 'flac',
  'audio/x-flac': 'flac',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'aac',
};

/** The first bytes of each format: the declared type must agree with the file itself. */
export function sniffAudio(head: Buffer): string | null {
  if (head.length >= 12 && head.toString('ascii', 0, 4) === 'RIFF' && head.toString('ascii', 8, 12) === 'WAVE') return 'wav';
  if (head.length >= 3 && head.toString('ascii', 0, 3) === 'ID3') return 'mp3';
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) return head[1]! & 0x06 ? 'mp3' : 'aac';
  if (head.length >= 4 && head.toString('ascii', 0, 4) === 'OggS') return 'ogg';
  if (head.length >= 4 && head.toString('ascii', 0, 4) === 'fLaC') return 'flac';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  if (head.length >= 8 && head.toString('ascii', 4, 8) === 'ftyp') return 'm4a';
  return null;
}

/** Part types that say nothing about the file (what `curl -F file=@x.wav` sends): the bytes decide. */
const GENERIC_TYPES = new Set(['', 'application/octet-stream']);

/** The media type an upload is stored with when only its bytes said what it is. */
const TYPE_OF_FORMAT: Record<string, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  webm: 'audio/webm',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
};

/** How many first bytes `sniffAudio` needs to recognise every format it knows. */
export const SNIFF_BYTES = 12;

function mediaType(contentType: string): string {
  return contentType.toLowerCase().split(';')[0]!.trim();
}

/** Whether the declared type leaves it to the bytes (`application/octet-stream`, or none). */
export function isGenericUploadType(contentType: string): boolean {
  return GENERIC_TYPES.has(mediaType(contentType));
}

/**
 * What an upload is, from its declared part type and its first bytes: an audio type must agree
 * with the bytes; a generic type (`application/octet-stream`, empty) takes the bytes' type.
 * `format` is what the bytes are (the container to inspect), `extension` the stored object's.
 */
export function resolveUploadType(declared: string, sniffed: string | null): { extension: string; contentType: string; format: string } {
  if (isGenericUploadType(declared)) {
    if (sniffed === null) {
      throw new DomainError(
        'upload.unsupported_type',
        `The file is not audio: declared ${mediaType(declared) || 'without a type'}, and its first bytes are no audio format`,
        'unsupported_media',
      );
    }
    return { extension: sniffed, contentType: TYPE_OF_FORMAT[sniffed] ?? 'application/octet-stream', format: sniffed };
  }
  const extension = extensionForUpload(declared);
  if (sniffed === null || (sniffed !== extension && !(sniffed === 'mp3' && extension === 'aac'))) {
    throw new DomainError('upload.unsupported_type', 'The file is not audio of the declared type', 'unsupported_media');
  }
  return { extension, contentType: declared, format: sniffed };
}

export function extensionForUpload(contentType: string): string {
  const ext = AUDIO_TYPES[mediaType(contentType)];
  if (!ext) throw new DomainError('upload.unsupported_type', `Only audio files can be analysed (got ${contentType})`, 'unsupported_media');
  return ext;
}
