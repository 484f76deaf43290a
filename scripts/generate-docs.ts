import fs from 'node:fs';
import { generatedDocs } from '../src/generated-docs.ts';

for (const [file, text] of Object.entries(generatedDocs())) {
  fs.writeFileSync(new URL(`../${file}`, import.meta.url), text);
  console.log(`wrote ${file}`);
}
