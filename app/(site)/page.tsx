const features = [
  {
    title: 'Sign in through the portal',
    body: 'Readers prove their email once on the billing portal and come back signed in. No passwords to keep here.',
  },
  {
    title: 'Manage billing in one click',
    body: 'Plans, cards, invoices and cancellations live in the self-serve portal, reached by single sign-on.',
  },
  {
    title: 'A paywall checked on the server',
    body: 'Every members page asks the server who you are and what you pay for. Nothing is trusted from the browser.',
  },
];

export default function HomePage() {
  return (
    <>
      <section className="bg-gradient-to-b from-white to-stone-50">
        <div className="mx-auto max-w-5xl px-4 py-20 sm:px-6 sm:py-28">
          <p className="text-sm font-semibold uppercase tracking-widest text-brand-600">
            Independent writing
          </p>
          <h1 className="mt-4 max-w-3xl font-serif text-4xl font-bold leading-tight tracking-tight text-stone-900 sm:text-6xl">
            Long reads for people who build things that last.
          </h1>
          <p className="mt-6 max-w-2xl text-lg leading-8 text-stone-600">
            Gatehouse is a members-only publication. Subscribers read every essay; everyone else gets the
            first few paragraphs.
          </p>
        </div>
      </section>
      <section aria-labelledby="how-it-works" className="mx-auto max-w-5xl px-4 py-16 sm:px-6">
        <h2 id="how-it-works" className="font-serif text-2xl font-bold text-stone-900">
          How membership works
        </h2>
        <ul className="mt-8 grid gap-6 sm:grid-cols-3">
          {features.map((feature) => (
            <li key={feature.title} className="rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
              <h3 className="font-semibold text-stone-900">{feature.title}</h3>
              <p className="mt-2 text-sm leading-6 text-stone-600">{feature.body}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
