/**
 * Writes src/export/servicesPy.ts: the tool oracle's daemons (scripts/tool-oracle/services.py)
 * as a string, for the Reproduce script to carry (the browser has no file system to read it
 * from). src/export/servicesPy.test.ts fails when the two differ; then run:
 *
 *     npx tsx scripts/export-check/embedServices.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';

const py = readFileSync('scripts/tool-oracle/services.py', 'utf8');
const out = `/** scripts/tool-oracle/services.py, embedded by scripts/export-check/embedServices.ts (do not edit). */
export const SERVICES_PY = ${JSON.stringify(py)};
`;
writeFileSync('src/export/servicesPy.ts', out);
