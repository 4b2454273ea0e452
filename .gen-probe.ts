import generate from '/work/main/labs/bec-ministry-supplier/generate.ts';
import { createRandom } from '/work/main/server/labs/random.ts';
import { writeFileSync, mkdirSync } from 'node:fs';
const seed = process.argv[2] ?? 'a';
const t0 = performance.now();
const out = generate({ seed, random: createRandom('bec-ministry-supplier:' + seed) });
const t1 = performance.now();
console.log('ms', (t1 - t0).toFixed(1));
mkdirSync('/tmp/bec/evidence', { recursive: true });
for (const [name, content] of Object.entries(out.files)) { writeFileSync('/tmp/bec/' + name, content); console.log(name, (typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength)); }
console.log(JSON.stringify(out.values, null, 1));
