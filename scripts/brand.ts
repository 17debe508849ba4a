import fs from 'node:fs';
import path from 'node:path';
import { brand } from '@/lib/brand';
import { brandFiles } from '@/lib/brand-files';

// Writes the theme colours, the icon and the web manifest from lib/brand.ts (the build runs it first).
// The PNG icons in public/ are drawn from app/icon.svg by `npx tsx scripts/make-icons.ts`.
for (const [file, content] of Object.entries(brandFiles(brand))) {
  const target = path.join(process.cwd(), file);
  if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === content) continue;
  fs.writeFileSync(target, content);
  console.info(`[brand] wrote ${file}`);
}
