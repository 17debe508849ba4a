/** The guide's recipes (docs/STARTER.md) as files, and where each goes in the app to be used. */
export const recipes = [
  { source: 'docs/recipes/field-notes/page.tsx', target: 'app/(members)/members/field-notes/page.tsx' },
  { source: 'docs/recipes/field-notes/actions.ts', target: 'app/(members)/members/field-notes/actions.ts' },
  {
    source: 'docs/recipes/field-notes/export/route.ts',
    target: 'app/(members)/members/field-notes/export/route.ts',
  },
  { source: 'docs/recipes/article.md', target: 'content/articles/a-field-guide-to-renewals.md' },
  { source: 'docs/recipes/draft-article.md', target: 'content/articles/notes-toward-a-pricing-page.md' },
];

/** The commands docs/STARTER.md tells a new owner to run; tests/starter runs each of them. */
export const starterCommands = ['npm run brand', 'npm run remove-provider'];
