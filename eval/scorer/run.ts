/**
 * `npm run eval:scorer`: scores the labelled corpus (eval/scorer/corpus) with the built-in
 * scorer and prints, for the tune and the held-out parts separately, at the organization's
 * default review threshold: precision, recall, F1, false positive rate and AUC overall, per scam
 * type, per kind of legitimate call, per language and per way the speakers were given; and a
 * calibration table (fraud rate per score band). Exits 1 when a held-out (or tune) figure falls
 * below its floor in eval/scorer/floors.json.
 *
 *   npm run eval:scorer                 both parts, aggregate figures only
 *   npm run eval:scorer -- --calls      also every tune call's score and factors (never held-out calls)
 *   npm run eval:scorer -- --json       the reports as JSON
 *   npm run eval:scorer -- --split tune only the tune part (while writing rules: never look at the held-out part)
 *   npm run eval:scorer -- --explain en-t-05   one tune call's factors with their evidence
 */
import { scoreCall } from '@domain/analysis/scoring/builtin-risk-scorer';
import { DEFAULT_SCORING_CONFIGURATION } from '@domain/analysis/scoring/default-scoring-configuration';
import { loadCorpus, scoringInput } from './corpus';
import { belowFloors, evaluate, loadFloors, type Slice, type SplitReport } from './evaluate';
import type { Figures } from './metrics';

const argv = process.argv.slice(2);
if (argv.includes('--explain')) {
  explain(argv[argv.indexOf('--explain') + 1]);
  process.exit(0);
}
const args = new Set(argv);
const only = argv.includes('--split') ? argv[argv.indexOf('--split') + 1] : null;
if (only !== null && only !== 'tune' && only !== 'heldout') throw new Error('--split takes tune or heldout');
const { results, reports } = evaluate();
const shown = [reports.tune, reports.heldout].filter((r) => only === null || r.split === only);
const floors = loadFloors();

if (args.has('--json')) {
  process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
} else {
  for (const report of shown) print(report);
  if (args.has('--calls')) {
    console.log('\nTune calls (score, label, factors):');
    for (const r of results.filter((r) => r.split === 'tune').sort((a, b) => a.id.localeCompare(b.id))) {
      const flagged = r.score >= reports.tune.threshold;
      const mark = (r.label === 'fraud') === flagged ? ' ' : '✗';
      console.log(`${mark} ${r.id.padEnd(9)} ${r.score.toFixed(3)} ${r.label.padEnd(5)} ${r.category.padEnd(22)} ${r.factors.join(' ')}`);
    }
  }
}

const problems = shown.flatMap((report) => belowFloors(report, floors));
if (problems.length > 0) {
  console.error(`\nBelow the floors of eval/scorer/floors.json:\n  - ${problems.join('\n  - ')}`);
  process.exitCode = 1;
} else if (!args.has('--json')) {
  console.log('\nEvery figure holds its floor (eval/scorer/floors.json).');
}

function print(report: SplitReport): void {
  const o = report.overall;
  console.log(
    `\n=== ${report.split === 'heldout' ? 'HELD-OUT (never tuned on)' : 'TUNE'}: ${o.calls} calls, ${o.fraud} fraud, ${o.legit} legitimate; flagged at score >= ${report.threshold}`,
  );
  table('overall', [{ name: 'all', figures: o }]);
  table('scam type (its fraud calls vs all legitimate calls)', report.scamTypes);
  table('legitimate kind (all fraud calls vs its legitimate calls)', report.legitKinds);
  table('language', report.languages);
  table('speakers given as', report.speakers);
  console.log('  calibration (fraud rate per score band):');
  for (const band of report.calibration) {
    const rate = band.fraudRate === null ? '   -' : band.fraudRate.toFixed(2);
    console.log(
      `    ${band.from.toFixed(1)}-${band.to.toFixed(1)}  ${String(band.calls).padStart(3)} calls  ${String(band.fraud).padStart(3)} fraud  rate ${rate}`,
    );
  }
}

function table(title: string, slices: readonly Slice[]): void {
  console.log(`  ${title}:`);
  console.log(`    ${''.padEnd(24)} calls fraud legit  prec   rec    F1     FPR    AUC    TP FP FN TN`);
  for (const { name, figures } of slices) console.log(`    ${name.padEnd(24)} ${row(figures)}`);
}

function row(f: Figures): string {
  const n = (v: number | null) => (v === null ? '  -  ' : v.toFixed(3)).padEnd(6);
  return `${String(f.calls).padStart(5)} ${String(f.fraud).padStart(5)} ${String(f.legit).padStart(5)}  ${n(f.precision)} ${n(f.recall)} ${n(f.f1)} ${n(f.falsePositiveRate)} ${n(f.auc)} ${[f.truePositives, f.falsePositives, f.falseNegatives, f.trueNegatives].map((x) => String(x).padStart(2)).join(' ')}`;
}

function explain(id: string | undefined): void {
  const call = loadCorpus().find((c) => c.id === id);
  if (!call) throw new Error(`no call ${id}`);
  if (call.split !== 'tune') throw new Error(`${id} is held out: its details are never shown`);
  const result = scoreCall(scoringInput(call), DEFAULT_SCORING_CONFIGURATION);
  console.log(`${call.id} ${call.label} ${call.category} (${call.speakers}, ${call.call.direction}): score ${result.fraudScore}`);
  for (const note of result.notes ?? []) console.log(`  note: ${note}`);
  for (const factor of result.riskFactors) {
    console.log(`  ${factor.code} ${factor.weight}`);
    for (const e of factor.evidence) {
      if (e.kind === 'phrase') console.log(`      [${e.speaker} ${e.startMs}] "${e.phrase}"`);
      else console.log(`      ${e.attribute} = ${e.value}`);
    }
  }
}
