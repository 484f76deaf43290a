// `npm run teams:icons`: draws the Teams app icons (manifests/teams/color.png 192×192 and
// outline.png 32×32, white on transparent) from the SVGs kept beside them in icons/, with resvg.
import fs from 'node:fs';
import { Resvg } from '../src/charts/resvg.ts';

const dir = new URL('../manifests/teams/', import.meta.url);

for (const [name, size] of [
  ['color', 192],
  ['outline', 32],
] as const) {
  const svg = fs.readFileSync(new URL(`icons/${name}.svg`, dir), 'utf8');
  // No background: the outline icon must stay transparent; the colour icon paints its own.
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng();
  fs.writeFileSync(new URL(`${name}.png`, dir), png);
  console.log(`manifests/teams/${name}.png: ${size}×${size}, ${png.length} bytes`);
}
