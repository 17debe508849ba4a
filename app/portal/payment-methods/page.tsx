import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionForm } from '@/components/portal/action-form';
import { AddCardForm } from '@/components/portal/add-card-form';
import { DuesPanel } from '@/components/portal/dues-panel';
import { PageHeading, PortalPage } from '@/components/portal/page-heading';
import { StatusBadge } from '@/components/portal/status-badge';
import { TestCards } from '@/components/portal/test-cards';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { db } from '@/lib/db/client';
import { doneKey } from '@/lib/portal/action-result';
import { type CardView, isUsableCard, loadCards, loadInvoices } from '@/lib/portal/billing';
import { cardBrandName, cardExpiry, cardLabel, cardStatusMark } from '@/lib/portal/billing-format';
import { expiryYears } from '@/lib/portal/card-form';
import { duesAmount, duesOf } from '@/lib/portal/dues';
import { requirePortalCustomer } from '@/lib/portal/session';
import { dunningSchedule } from '@/lib/provider/dunning';
import { addCard, makeCardPrimary, payDues, removeCard } from './actions';

export const metadata: Metadata = { title: 'Payment methods' };

const doneNotices = {
  removed: 'The card was removed.',
  primary: 'Your primary card is changed. Your subscriptions are charged to it from now on.',
  paid: 'Your payment went through.',
};

type Search = Promise<Record<string, string | string[] | undefined>>;

function removalNote(card: CardView, cards: readonly CardView[]) {
  if (card.role !== 'primary') return 'Nothing else changes: your primary card stays as it is.';
  if (cards.length === 1)
    return 'It is your only card. Without a card, your next payment cannot be taken until you add one.';
  return 'It is your primary card, so another of your cards becomes primary instead.';
}

function CardRow({
  card,
  cards,
  confirming,
}: {
  card: CardView;
  cards: readonly CardView[];
  confirming: boolean;
}) {
  const mark = cardStatusMark(card.status);
  const label = cardLabel(card);
  return (
    <li
      id={`card-${card.id}`}
      className="flex flex-col gap-4 py-4 first:pt-0 last:pb-0"
      data-testid="card-row"
      data-last4={card.last4}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-semibold text-slate-900">{label}</span>
            {card.role === 'primary' ? <StatusBadge tone="good">Primary</StatusBadge> : null}
            {card.role === 'backup' ? <StatusBadge>Backup</StatusBadge> : null}
            {mark ? <StatusBadge tone={mark.tone}>{mark.text}</StatusBadge> : null}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            {card.status === 'expired' ? 'Expired' : 'Expires'} {cardExpiry(card)}
            {card.name ? ` · ${card.name}` : ''}
          </p>
        </div>
        {confirming ? null : (
          <div className="flex flex-wrap items-start gap-2">
            {card.role !== 'primary' ? (
              <ActionForm
                action={makeCardPrimary}
                fields={{ payment_source_id: card.id }}
                label="Make primary"
                pendingText="Saving…"
                variant="secondary"
                testId="make-primary-form"
              />
            ) : null}
            <Link
              href={`/portal/payment-methods?remove=${encodeURIComponent(card.id)}#card-${card.id}`}
              className={buttonClass('secondary')}
              aria-label={`Remove ${label}`}
            >
              Remove
            </Link>
          </div>
        )}
      </div>
      {confirming ? (
        <div className="rounded-lg border border-red-200 bg-red-50 px-4 py-4" data-testid="remove-confirm">
          <p className="text-sm font-semibold text-red-900">Remove {label}?</p>
          <p className="mt-1 text-sm text-red-900">{removalNote(card, cards)}</p>
          <div className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start">
            <ActionForm
              action={removeCard}
              fields={{ payment_source_id: card.id }}
              label="Yes, remove this card"
              pendingText="Removing…"
              destructive
              testId="remove-card-form"
            />
            <Link
              href="/portal/payment-methods"
              className={buttonClass('secondary', 'md', 'w-full sm:w-auto')}
            >
              Keep it
            </Link>
          </div>
        </div>
      ) : null}
    </li>
  );
}

export default async function PaymentMethodsPage({ searchParams }: { searchParams: Search }) {
  const { customer } = await requirePortalCustomer();
  const params = await searchParams;
  const database = await db();
  const [cards, invoices] = await Promise.all([
    loadCards(database, customer.id),
    loadInvoices(database, customer.id),
  ]);
  const dues = duesOf(invoices);
  const payWith = cards.filter(isUsableCard);
  const done = doneKey(params.done, doneNotices);
  const removing = typeof params.remove === 'string' ? params.remove : undefined;
  return (
    <PortalPage>
      <PageHeading
        title="Payment methods"
        intro="The cards we can charge for your subscription. We charge your primary card; if it has expired or been removed, your backup card."
      />
      {done ? (
        <Notice key={done} tone="success" testId="done-notice" focus="mount">
          {doneNotices[done]}
          {done === 'paid' && !dues ? ' Nothing is due now.' : ''}
        </Notice>
      ) : null}
      {dues ? (
        <div id="pay" className="scroll-mt-6">
          <DuesPanel dues={dues} schedule={dunningSchedule()}>
            {payWith.map((card) => (
              <ActionForm
                key={card.id}
                action={payDues}
                fields={{ payment_source_id: card.id }}
                label={`Pay ${duesAmount(dues)} now with ${cardBrandName(card.brand)} ending ${card.last4}`}
                pendingText="Paying…"
                testId="pay-dues-form"
              />
            ))}
            <p className="text-sm leading-6 text-amber-950 sm:basis-full">
              {payWith.length > 0
                ? 'Or add a new card below: saving it pays what is due.'
                : 'Add a card below: saving it pays what is due straight away.'}
            </p>
          </DuesPanel>
        </div>
      ) : null}
      <Card title="Your cards">
        {cards.length > 0 ? (
          <ul className="divide-y divide-slate-100">
            {cards.map((card) => (
              <CardRow key={card.id} card={card} cards={cards} confirming={card.id === removing} />
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600" data-testid="no-cards">
            You have no cards yet. Add one below so your subscription can renew.
          </p>
        )}
      </Card>
      <Card
        title="Add a card"
        description="We check the card with your bank before saving it."
        className="scroll-mt-6"
        id="add-card"
      >
        <AddCardForm
          action={addCard}
          years={expiryYears()}
          hasCards={cards.length > 0}
          payNow={dues ? duesAmount(dues) : undefined}
          help={<TestCards />}
        />
      </Card>
    </PortalPage>
  );
}
