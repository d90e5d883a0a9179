import * as fs from 'node:fs';
import * as path from 'node:path';
import { runId, TMP_DIR } from './test-environment';

/** One line per test app: how many answers were checked against openapi.json. The run's teardown adds them up. */
export function recordValidatedResponses(validated: number, failed: number): void {
  fs.appendFileSync(statsFile(), `${JSON.stringify({ validated, failed })}\n`);
}

export function statsFile(): string {
  return path.join(TMP_DIR, `openapi-validated-${runId()}.ndjson`);
}

export function summarizeValidatedResponses(): { validated: number; failed: number } | null {
  let text: string;
  try {
    text = fs.readFileSync(statsFile(), 'utf8');
  } catch {
    return null;
  }
  fs.rmSync(statsFile(), { force: true });
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { validated: number; failed: number })
    .reduce((a, b) => ({ validated: a.validated + b.validated, failed: a.failed + b.failed }), { validated: 0, failed: 0 });
}
