export const primaryButton =
  'inline-flex items-center justify-center rounded-full bg-brand-600 px-5 py-2.5 text-sm font-semibold text-white shadow-sm transition-[color,background-color,border-color] hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2';
export const secondaryButton =
  'inline-flex items-center justify-center rounded-full border border-stone-300 bg-white px-5 py-2.5 text-sm font-semibold text-stone-800 transition-[color,background-color,border-color] hover:border-stone-400 hover:bg-stone-50';
export const quietLink = 'font-medium text-brand-700 underline-offset-4 hover:underline';
export const pageContainer = 'mx-auto w-full max-w-5xl px-5 sm:px-6';
export const kicker = 'text-xs font-semibold uppercase tracking-[0.18em] text-brand-600';
