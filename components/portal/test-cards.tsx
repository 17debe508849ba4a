import { cardBrandName, groupCardNumber } from '@/lib/portal/billing-format';
import { testCards } from '@/lib/provider/gateway';

/** The test gateway's cards, so a demo can be paid for: the ones that work and the two that fail. */
export function TestCards() {
  const working = testCards.filter((card) => card.behaviour === 'Succeeds');
  const failing = testCards.filter((card) => card.behaviour !== 'Succeeds');
  return (
    <section
      aria-labelledby="test-cards-heading"
      className="rounded-xl border border-dashed border-slate-300 bg-slate-50 px-4 py-4 text-sm"
      data-testid="test-cards"
    >
      <h3 id="test-cards-heading" className="font-semibold text-slate-900">
        Test cards
      </h3>
      <p className="mt-1 text-slate-600">
        This is a test gateway: no real money moves. Use any future expiry date and any 3-digit security code
        (4 digits for Amex).
      </p>
      <h4 className="mt-3 text-xs font-medium uppercase tracking-wide text-slate-500">These work</h4>
      <ul className="mt-1.5 grid grid-cols-[repeat(auto-fill,minmax(15rem,1fr))] gap-x-6 gap-y-1">
        {working.map((card) => (
          <li key={groupCardNumber(card.number)} className="flex flex-wrap gap-x-3">
            <span className="font-mono whitespace-nowrap text-slate-900 tabular-nums">
              {groupCardNumber(card.number)}
            </span>
            <span className="text-slate-500">{cardBrandName(card.brand)}</span>
          </li>
        ))}
      </ul>
      <h4 className="mt-3 text-xs font-medium uppercase tracking-wide text-slate-500">These fail</h4>
      <ul className="mt-1.5 flex flex-col gap-1.5">
        {failing.map((card) => (
          <li key={groupCardNumber(card.number)}>
            <span className="font-mono whitespace-nowrap text-slate-900 tabular-nums">
              {groupCardNumber(card.number)}
            </span>
            <span className="block text-slate-600">{card.behaviour}.</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
