import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICES_PY } from './servicesPy';

describe('the embedded services.py', () => {
  it('is the tool oracle\'s (else: npx tsx scripts/export-check/embedServices.ts)', () => {
    expect(SERVICES_PY).toBe(readFileSync('scripts/tool-oracle/services.py', 'utf8'));
  });
});
