import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  AUDIT_EXPORT_COLUMNS,
  AuditExportVerifier,
  auditExportRowFromCsv,
  auditExportRowFromJson,
  type AuditExportVerdict,
} from '@domain/audit/audit-export';

export type AuditExportFormat = 'ndjson' | 'csv';

/**
 * Verifies an audit export file (`GET /audit-logs/export`) on its own, without the service or
 * its database: reads it as a stream (memory does not grow with the file) and recomputes
 * every link with the sealer's hash. The format is told by the extension, else by the first byte.
 */
export async function verifyAuditExportFile(
  file: string,
  format?: AuditExportFormat,
): Promise<AuditExportVerdict & { format: AuditExportFormat }> {
  const chosen =
    format ?? (file.endsWith('.csv') ? 'csv' : file.endsWith('.ndjson') || file.endsWith('.jsonl') ? 'ndjson' : await sniff(file));
  const verifier = new AuditExportVerifier();
  if (chosen === 'ndjson') await readNdjson(file, verifier);
  else await readCsv(file, verifier);
  return { ...verifier.verdict(), format: chosen };
}

async function sniff(file: string): Promise<AuditExportFormat> {
  for await (const chunk of createReadStream(file, { encoding: 'utf8', start: 0, end: 63 })) {
    return (chunk as string).trimStart().startsWith('{') ? 'ndjson' : 'csv';
  }
  return 'ndjson';
}

async function readNdjson(file: string, verifier: AuditExportVerifier): Promise<void> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (line.trim() === '') continue;
    try {
      verifier.accept(n, auditExportRowFromJson(JSON.parse(line)));
    } catch (error) {
      verifier.unreadable(n, (error as Error).message);
    }
    if (verifier.isBroken) break;
  }
  lines.close();
}

/** RFC 4180 records, streamed: quoted fields may hold commas, quotes and line breaks. */
async function readCsv(file: string, verifier: AuditExportVerifier): Promise<void> {
  let header: string[] | null = null;
  let fields: (string | null)[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let pendingQuote = false;
  const endField = () => {
    fields.push(field === '' && !wasQuoted ? null : field);
    field = '';
    wasQuoted = false;
    quoted = false;
  };
  const endRecord = (): boolean => {
    endField();
    const record = fields;
    fields = [];
    const at = recordLine;
    recordLine = line;
    if (record.length === 1 && record[0] === null) return true; // an empty line
    if (!header) {
      header = record.map((f) => f ?? '');
      if (header.join(',') !== AUDIT_EXPORT_COLUMNS.join(',')) {
        verifier.unreadable(at, `the header is not ${AUDIT_EXPORT_COLUMNS.join(',')}`);
        return false;
      }
      return true;
    }
    try {
      verifier.accept(at, auditExportRowFromCsv(header, record));
    } catch (error) {
      verifier.unreadable(at, (error as Error).message);
    }
    return !verifier.isBroken;
  };

  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    const text = chunk as string;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (pendingQuote) {
        pendingQuote = false;
        if (c === '"') {
          field += '"';
          continue;
        }
        inQuotes = false; // the quote closed the field
      }
      if (inQuotes) {
        if (c === '"') pendingQuote = true;
        else {
          if (c === '\n') line += 1;
          field += c;
        }
        continue;
      }
      if (c === '"' && field === '' && !quoted) {
        inQuotes = true;
        quoted = true;
        wasQuoted = true;
      } else if (c === ',') endField();
      else if (c === '\r') continue;
      else if (c === '\n') {
        line += 1;
        if (!endRecord()) return;
      } else field += c;
    }
  }
  if (field !== '' || wasQuoted || fields.length > 0) endRecord();
  if (!header) verifier.unreadable(1, 'no header');
}

/** `audit verify <file> [--format ndjson|csv] [--json]`: prints the verdict, answers the exit code (0 valid, 1 not, 2 usage). */
export async function runAuditVerify(args: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const json = args.includes('--json');
  const formatAt = args.indexOf('--format');
  const format = formatAt >= 0 ? args[formatAt + 1] : undefined;
  const files = args.filter((a, i) => !a.startsWith('--') && !(formatAt >= 0 && i === formatAt + 1));
  if (files.length !== 1 || (format !== undefined && format !== 'ndjson' && format !== 'csv')) {
    err('Usage: npm run cli -- audit verify <file> [--format ndjson|csv] [--json]\n');
    return 2;
  }
  let verdict: Awaited<ReturnType<typeof verifyAuditExportFile>>;
  try {
    verdict = await verifyAuditExportFile(files[0]!, format as AuditExportFormat | undefined);
  } catch (error) {
    err(`Cannot read ${files[0]}: ${(error as Error).message}\n`);
    return 2;
  }
  if (json) out(`${JSON.stringify(verdict)}\n`);
  else {
    const lines = [
      `${verdict.valid ? 'VALID' : 'BROKEN'}: ${verdict.rows} row(s) read (${verdict.format}), ${verdict.checked} link(s) checked`,
      verdict.firstSequence !== null
        ? `chain: sequence ${verdict.firstSequence} to ${verdict.lastSequence}, from ${verdict.firstSequence === 1 ? 'the genesis hash' : verdict.startsFrom}; last hash ${verdict.lastHash}`
        : 'chain: no sealed row',
      verdict.unsealed > 0
        ? `unsealed tail: ${verdict.unsealed} row(s) not covered by the chain, from line ${verdict.firstUnsealed!.line} (row ${verdict.firstUnsealed!.id})`
        : 'unsealed tail: none',
    ];
    if (verdict.brokenAt) {
      const b = verdict.brokenAt;
      lines.push(
        `first broken link: line ${b.line}${b.id ? `, row ${b.id}` : ''}${b.sequence !== null ? `, sequence ${b.sequence}` : ''}: ${b.reason}`,
      );
    }
    out(`${lines.join('\n')}\n`);
  }
  return verdict.valid ? 0 : 1;
}
