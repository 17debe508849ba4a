import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { brand } from '@/lib/brand';
import { brandFiles } from '@/lib/brand-files';

describe('the brand config', () => {
  it('is what the theme, the icon and the manifest say (npm run brand writes them)', () => {
    for (const [file, content] of Object.entries(brandFiles(brand))) {
      expect(fs.readFileSync(file, 'utf8'), `${file} is out of date: run npm run brand`).toBe(content);
    }
    expect(fs.readFileSync('app/globals.css', 'utf8')).toContain('@import "./brand.css";');
    expect(fs.readFileSync('app/globals.css', 'utf8')).not.toMatch(/--color-brand-\d+:/);
  });
});
