export function SiteFooter() {
  return (
    <footer className="border-t border-stone-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-col gap-2 px-4 py-8 text-sm text-stone-500 sm:flex-row sm:justify-between sm:px-6">
        <p>Gatehouse — a reference subscriber website.</p>
        <p>Billing by a Chargebee-compatible provider.</p>
      </div>
    </footer>
  );
}
