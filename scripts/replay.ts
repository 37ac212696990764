/**
 * `npm run --silent replay -- TRACE.json`: replays a kernel trace (../shared/kernel-traces/README.md)
 * through the engine and prints {"packets": [{state, verdict, rule, table, expectations}, ...]}.
 * The trace's `expect` fields are ignored. Errors go to stderr with a non-zero exit code.
 */
import { readFileSync } from 'node:fs';
import { replayTrace } from '../src/replay/replayTrace';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run --silent replay -- TRACE.json\n');
  process.exit(2);
}
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  process.stderr.write(`replay: cannot read ${file}: ${(e as Error).message}\n`);
  process.exit(2);
}
let json: unknown;
try {
  json = JSON.parse(text);
} catch (e) {
  process.stderr.write(`replay: ${file} is not JSON: ${(e as Error).message}\n`);
  process.exit(2);
}
const result = replayTrace(json);
if (!result.ok) {
  process.stderr.write(`replay: ${file}: ${result.error}\n`);
  process.exit(1);
}
process.stdout.write(JSON.stringify({ packets: result.packets }) + '\n');
