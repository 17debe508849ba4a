import Link from 'next/link';

export function SiteHeader() {
  return (
    <header className="border-b border-stone-200 bg-white/80 backdrop-blur">
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-4 sm:px-6">
        <Link
          href="/"
          className="flex items-center gap-2 font-serif text-xl font-bold tracking-tight text-stone-900"
        >
          <span
            aria-hidden
            className="grid size-8 place-items-center rounded-md bg-brand-600 text-sm text-white"
          >
            G
          </span>
          Gatehouse
        </Link>
        <nav aria-label="Main" className="flex items-center gap-5 text-sm font-medium text-stone-600">
          <Link href="/" className="hover:text-stone-900">
            Home
          </Link>
        </nav>
      </div>
    </header>
  );
}
