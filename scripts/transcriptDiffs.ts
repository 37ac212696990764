/**
 * Prints the differences between a tool-oracle transcript and the simulated consoles, one JSON
 * object per line ({case, step, line, aspect, detail}): what to fix, or to list with a reason in
 * src/sim/console/transcriptDifferences.json.
 *
 *   npx tsx scripts/transcriptDiffs.ts [traces/tools/transcript.json] [--case SUBSTRING] [--show]
 *
 * --show also prints both sides' masked stdout/stderr for the lines that differ.
 */
import { readFileSync } from 'node:fs';
import { compareStep } from '../src/sim/testing/transcriptCompare';
import { maskText } from '../src/sim/testing/transcriptMask';
import { runCase } from '../src/sim/testing/transcriptRun';
import type { Transcript } from '../src/sim/testing/transcriptTypes';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--case') ?? 'traces/tools/transcript.json';
const only = args.includes('--case') ? args[args.indexOf('--case') + 1] : null;
const show = args.includes('--show');
const t = JSON.parse(readFileSync(file, 'utf8')) as Transcript;
for (const c of t.cases) {
  if (only && !c.name.includes(only)) continue;
  const sim = runCase(c.steps, t.settleMs);
  c.steps.forEach((real, i) => {
    const ds = compareStep(real, sim[i]);
    for (const d of ds) {
      console.log(JSON.stringify({ case: c.name, step: i, line: real.line, aspect: d.aspect, detail: `${d.real}${d.sim ? ` / sim ${d.sim}` : ''}` }));
    }
    if (show && ds.length) {
      for (const a of ['stdout', 'stderr'] as const) {
        console.log(`--- real ${a}\n${maskText(real[a]).join('\n')}\n--- sim ${a}\n${maskText(sim[i][a]).join('\n')}`);
      }
      console.log(`--- exit ${real.exit} / ${sim[i].exit}; packets real: ${real.packets.map((p) => `${p.dir} ${p.flags ?? p.type} ${p.len}`).join(', ')}`);
      console.log(`--- packets sim: ${sim[i].packets.map((p) => `${p.dir} ${p.flags ?? p.type} ${p.len}`).join(', ')}`);
    }
  });
}
