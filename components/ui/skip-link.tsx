/** Where the skip link lands: every layout's <main> carries this id. */
export const mainContentId = 'content';

/**
 * The first thing a keyboard reaches on every page: it jumps past the header and navigation to the
 * page's <main>. It waits above the top of the window until focused, then shows in the top-left corner.
 */
export function SkipLink() {
  return (
    <a
      href={`#${mainContentId}`}
      className="fixed top-3 left-3 z-50 -translate-y-[calc(100%+2rem)] rounded-lg border border-slate-300 bg-white px-4 py-2.5 text-sm font-semibold text-slate-900 shadow-md focus:translate-y-0"
    >
      Skip to content
    </a>
  );
}
