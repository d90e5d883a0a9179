import { chainHash, GENESIS_HASH, type AuditEntry } from './audit-entry';

/**
 * One row of an audit export: the audit row with its link in the organization's hash chain
 * (null for the unsealed tail). Everything the link's hash covers is in the row, so the chain
 * can be checked from the file alone.
 */
export interface AuditExportRow extends AuditEntry {
  sequence: number | null;
  previousHash: string | null;
  hash: string | null;
}

/** CSV columns, in order. */
export const AUDIT_EXPORT_COLUMNS = [
  'sequence',
  'previousHash',
  'hash',
  'id',
  'organizationId',
  'eventId',
  'occurredAt',
  'actorType',
  'actorId',
  'action',
  'resourceType',
  'resourceId',
  'changes',
  'ip',
  'userAgent',
  'requestId',
] as const;

type Column = (typeof AUDIT_EXPORT_COLUMNS)[number];

function serialisable(row: AuditExportRow): Record<Column, unknown> {
  return {
    sequence: row.sequence,
    previousHash: row.previousHash,
    hash: row.hash,
    id: row.id,
    organizationId: row.organizationId,
    eventId: row.eventId,
    occurredAt: row.occurredAt.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    changes: row.changes,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
  };
}

/** One NDJSON line, newline included. */
export function auditExportNdjsonLine(row: AuditExportRow): string {
  return `${JSON.stringify(serialisable(row))}\n`;
}

/**
 * CSV (RFC 4180, CRLF). A null is an empty unquoted field; every present text is quoted, so an
 * empty string (`""`) stays apart from null. `changes` is its JSON.
 */
export function auditExportCsvHeader(): string {
  return `${AUDIT_EXPORT_COLUMNS.join(',')}\r\n`;
}

export function auditExportCsvLine(row: AuditExportRow): string {
  const values = serialisable(row);
  return `${AUDIT_EXPORT_COLUMNS.map((c) => {
    const v = values[c];
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return String(v);
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    return `"${text.replace(/"/g, '""')}"`;
  }).join(',')}\r\n`;
}

/** Reads an NDJSON line back into a row; throws with a reason when it is not one. */
export function auditExportRowFromJson(value: unknown): AuditExportRow {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  return rowFromRecord(value as Record<string, unknown>);
}

/**
 * Reads a CSV record back into a row: `fields` are the unquoted values, `null` for an empty
 * unquoted field.
 */
export function auditExportRowFromCsv(header: readonly string[], fields: readonly (string | null)[]): AuditExportRow {
  if (fields.length !== header.length) throw new Error(`${fields.length} fields, ${header.length} expected`);
  const record: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const v = fields[i] ?? null;
    if (name === 'sequence') record[name] = v === null ? null : Number(v);
    else if (name === 'changes') record[name] = v === null ? null : (JSON.parse(v) as unknown);
    else record[name] = v;
  });
  return rowFromRecord(record);
}

function text(record: Record<string, unknown>, key: string, nullable: boolean): string | null {
  const v = record[key];
  if (v === null || v === undefined) {
    if (nullable) return null;
    throw new Error(`${key} is missing`);
  }
  if (typeof v !== 'string') throw new Error(`${key} is not a string`);
  return v;
}

function rowFromRecord(r: Record<string, unknown>): AuditExportRow {
  const occurredAt = new Date(text(r, 'occurredAt', false)!);
  if (Number.isNaN(occurredAt.getTime())) throw new Error('occurredAt is not a date');
  const sequence = r.sequence === null || r.sequence === undefined ? null : r.sequence;
  if (sequence !== null && (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 1))
    throw new Error('sequence is not a positive integer');
  const changes = r.changes;
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) throw new Error('changes is not an object');
  return {
    sequence,
    previousHash: text(r, 'previousHash', true),
    hash: text(r, 'hash', true),
    id: text(r, 'id', false)!,
    organizationId: text(r, 'organizationId', false)!,
    eventId: text(r, 'eventId', false)!,
    occurredAt,
    actorType: text(r, 'actorType', false) as AuditEntry['actorType'],
    actorId: text(r, 'actorId', true),
    action: text(r, 'action', false)!,
    resourceType: text(r, 'resourceType', false)!,
    resourceId: text(r, 'resourceId', false)!,
    changes: changes as AuditEntry['changes'],
    ip: text(r, 'ip', true),
    userAgent: text(r, 'userAgent', true),
    requestId: text(r, 'requestId', true),
  };
}

export interface AuditExportVerdict {
  valid: boolean;
  /** Rows read. */
  rows: number;
  /** Sealed links whose hash was recomputed and matched. */
  checked: number;
  /** The first and last sequence of the sealed part (null when there is none). */
  firstSequence: number | null;
  lastSequence: number | null;
  /** The hash the first link follows: the genesis hash when the file starts the chain. */
  startsFrom: string | null;
  /** The last link's hash: compare it with the service's to know nothing was cut off the end. */
  lastHash: string | null;
  /** Rows written but not sealed yet when exported (the file's last rows): not covered by the chain. */
  unsealed: number;
  firstUnsealed: { line: number; id: string } | null;
  brokenAt: { line: number; id: string | null; sequence: number | null; reason: string } | null;
}

/**
 * Checks an export row by row, in file order, holding only the last link: every sealed row's
 * hash is recomputed with the sealer's function (`chainHash`) and must follow the one before.
 * A file that starts at sequence 1 must start from the genesis hash; a slice (from/to) starts
 * from the hash its first row names. Unsealed rows may only come last.
 */
export class AuditExportVerifier {
  private rows = 0;
  private checked = 0;
  private first: { sequence: number; previousHash: string } | null = null;
  private last: { sequence: number; hash: string } | null = null;
  private organizationId: string | null = null;
  private unsealed = 0;
  private firstUnsealed: { line: number; id: string } | null = null;
  private broken: AuditExportVerdict['brokenAt'] = null;

  get isBroken(): boolean {
    return this.broken !== null;
  }

  /** A line that could not be read as a row. */
  unreadable(line: number, reason: string): void {
    if (this.broken) return;
    this.rows += 1;
    this.broken = { line, id: null, sequence: null, reason: `unreadable row: ${reason}` };
  }

  accept(line: number, row: AuditExportRow): void {
    if (this.broken) return;
    this.rows += 1;
    const broken = (reason: string) => {
      this.broken = { line, id: row.id, sequence: row.sequence, reason };
    };
    if (this.organizationId === null) this.organizationId = row.organizationId;
    else if (row.organizationId !== this.organizationId) return broken('row of another organization');

    if (row.sequence === null) {
      if (row.hash !== null || row.previousHash !== null) return broken('unsealed row with a hash');
      this.unsealed += 1;
      this.firstUnsealed ??= { line, id: row.id };
      return;
    }
    if (this.firstUnsealed) return broken('sealed row after the unsealed tail');
    if (row.previousHash === null || row.hash === null) return broken('sealed row without its hashes');
    if (this.last === null) {
      if (row.sequence === 1 && row.previousHash !== GENESIS_HASH) return broken('the first link does not follow the genesis hash');
      this.first = { sequence: row.sequence, previousHash: row.previousHash };
    } else {
      if (row.sequence !== this.last.sequence + 1) return broken(`sequence ${this.last.sequence + 1} is missing`);
      if (row.previousHash !== this.last.hash) return broken('link does not follow the previous one');
    }
    const { sequence, previousHash, hash, ...entry } = row;
    if (chainHash(previousHash, sequence, entry) !== hash) return broken('audit row was altered');
    this.last = { sequence, hash };
    this.checked += 1;
  }

  verdict(): AuditExportVerdict {
    return {
      valid: this.broken === null,
      rows: this.rows,
      checked: this.checked,
      firstSequence: this.first?.sequence ?? null,
      lastSequence: this.last?.sequence ?? null,
      startsFrom: this.first?.previousHash ?? null,
      lastHash: this.last?.hash ?? null,
      unsealed: this.unsealed,
      firstUnsealed: this.firstUnsealed,
      brokenAt: this.broken,
    };
  }
}
