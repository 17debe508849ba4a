import type { ArticleBlock } from '@/lib/site/articles';

export function ArticleBody({ blocks }: { blocks: ArticleBlock[] }) {
  return (
    <div className="font-serif text-[1.125rem] leading-8 text-stone-800">
      {blocks.map((block, index) => {
        const key = `${index}-${block.kind}`;
        if (block.kind === 'heading') {
          return (
            <h2 key={key} className="mt-10 mb-3 font-sans text-xl font-bold tracking-tight text-stone-900">
              {block.text}
            </h2>
          );
        }
        if (block.kind === 'quote') {
          return (
            <blockquote
              key={key}
              className="my-8 border-l-4 border-brand-600 pl-5 text-xl italic leading-8 text-stone-700"
            >
              {block.text}
            </blockquote>
          );
        }
        return (
          <p key={key} className="mt-5 first:mt-0">
            {block.text}
          </p>
        );
      })}
    </div>
  );
}
