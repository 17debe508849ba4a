import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recipes, starterCommands } from '../support/recipes';

const guide = fs.readFileSync('docs/STARTER.md', 'utf8');
const blocks = [...guide.matchAll(/^```(\w+)(?: title="([^"]+)")?\n([\s\S]*?)^```$/gm)].map((match) => ({
  lang: match[1] as string,
  file: match[2],
  body: match[3] as string,
}));

// The guide's code is real: each block is a file the build compiles or tests/starter copies into the
// app and runs, and each command is one tests/starter runs.
describe('docs/STARTER.md', () => {
  it('shows each file exactly as it is', () => {
    const files = blocks.filter((block) => block.file);
    expect(files.length).toBeGreaterThanOrEqual(recipes.length + 1);
    for (const block of files) {
      expect(block.body, `${block.file} differs from its block in docs/STARTER.md`).toBe(
        fs.readFileSync(block.file as string, 'utf8'),
      );
    }
    const shown = files.map((block) => block.file);
    for (const { source } of recipes) expect(shown, source).toContain(source);
    expect(shown).toContain('lib/brand.ts');
  });

  it('asks only for commands that tests/starter runs, and no other code', () => {
    for (const block of blocks.filter((candidate) => !candidate.file)) {
      expect(block.lang).toBe('sh');
      for (const line of block.body.trim().split('\n')) expect(starterCommands).toContain(line);
    }
  });

  it('is linked from the README quick start', () => {
    const quickStart = fs.readFileSync('README.md', 'utf8').split('\n## ')[0] as string;
    expect(quickStart).toContain('(docs/STARTER.md)');
  });
});
