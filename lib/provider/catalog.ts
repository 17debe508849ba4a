import { sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { itemPrices } from '@/lib/db/schema';
import { nextResourceVersion, nowSeconds } from './clock';

export type PeriodUnit = 'day' | 'week' | 'month' | 'year';

export type CatalogPlan = {
  id: string;
  itemId: string;
  name: string;
  externalName: string;
  description: string;
  price: number;
  period: number;
  periodUnit: PeriodUnit;
  /** A free trial every new subscription gets unless the request says otherwise (`trial_end`). */
  trial?: { period: number; unit: 'day' | 'month'; endAction: TrialEndAction };
};

export type TrialEndAction = 'site_default' | 'activate_subscription' | 'cancel_subscription';
export const trialEndActions = ['site_default', 'activate_subscription', 'cancel_subscription'] as const;
const fortnightTrial = { period: 14, unit: 'day', endAction: 'site_default' } as const;

export const itemFamilyId = 'gatehouse-memberships';

const reader =
  'Every article, the full archive and the weekly briefing, without adverts. Cancel whenever you like.';
const patron =
  'Everything in Reader, plus the long-read magazine, early access to new features and a say in what we cover next.';

/** The plans readers can buy: prices in US cents, flat fee per billing period. */
export const catalogPlans: CatalogPlan[] = [
  {
    id: 'reader-USD-monthly',
    itemId: 'reader',
    name: 'Reader Monthly',
    externalName: 'Reader',
    description: reader,
    price: 900,
    period: 1,
    periodUnit: 'month',
    trial: fortnightTrial,
  },
  {
    id: 'reader-USD-yearly',
    itemId: 'reader',
    name: 'Reader Yearly',
    externalName: 'Reader',
    description: `${reader} Two months free compared with paying monthly.`,
    price: 9000,
    period: 1,
    periodUnit: 'year',
  },
  {
    id: 'patron-USD-monthly',
    itemId: 'patron',
    name: 'Patron Monthly',
    externalName: 'Patron',
    description: patron,
    price: 2000,
    period: 1,
    periodUnit: 'month',
    trial: fortnightTrial,
  },
  {
    id: 'patron-USD-yearly',
    itemId: 'patron',
    name: 'Patron Yearly',
    externalName: 'Patron',
    description: `${patron} Two months free compared with paying monthly.`,
    price: 20000,
    period: 1,
    periodUnit: 'year',
  },
];

/**
 * Makes the stored catalogue match `catalogPlans`. Safe to run on every boot and from several instances
 * at once: rows are upserted, and a row only changes (new resource_version) when its definition did.
 */
export async function ensureCatalog(db: Database): Promise<void> {
  const now = nowSeconds();
  const version = nextResourceVersion();
  await db
    .insert(itemPrices)
    .values(
      catalogPlans.map((plan) => ({
        id: plan.id,
        itemId: plan.itemId,
        itemFamilyId,
        name: plan.name,
        externalName: plan.externalName,
        description: plan.description,
        itemType: 'plan',
        pricingModel: 'flat_fee',
        price: plan.price,
        currencyCode: 'USD',
        period: plan.period,
        periodUnit: plan.periodUnit,
        trialPeriod: plan.trial?.period ?? null,
        trialPeriodUnit: plan.trial?.unit ?? null,
        trialEndAction: plan.trial?.endAction ?? null,
        status: 'active',
        createdAt: now,
        updatedAt: now,
        resourceVersion: version,
      })),
    )
    .onConflictDoUpdate({
      target: itemPrices.id,
      set: {
        itemId: sql`excluded.item_id`,
        itemFamilyId: sql`excluded.item_family_id`,
        name: sql`excluded.name`,
        externalName: sql`excluded.external_name`,
        description: sql`excluded.description`,
        itemType: sql`excluded.item_type`,
        pricingModel: sql`excluded.pricing_model`,
        price: sql`excluded.price`,
        currencyCode: sql`excluded.currency_code`,
        period: sql`excluded.period`,
        periodUnit: sql`excluded.period_unit`,
        trialPeriod: sql`excluded.trial_period`,
        trialPeriodUnit: sql`excluded.trial_period_unit`,
        trialEndAction: sql`excluded.trial_end_action`,
        status: sql`excluded.status`,
        updatedAt: sql`excluded.updated_at`,
        resourceVersion: sql`excluded.resource_version`,
      },
      setWhere: sql`(${itemPrices.itemId}, ${itemPrices.itemFamilyId}, ${itemPrices.name}, ${itemPrices.externalName},
        ${itemPrices.description}, ${itemPrices.itemType}, ${itemPrices.pricingModel}, ${itemPrices.price},
        ${itemPrices.currencyCode}, ${itemPrices.period}, ${itemPrices.periodUnit}, ${itemPrices.trialPeriod},
        ${itemPrices.trialPeriodUnit}, ${itemPrices.trialEndAction}, ${itemPrices.status})
        is distinct from (excluded.item_id, excluded.item_family_id, excluded.name, excluded.external_name,
        excluded.description, excluded.item_type, excluded.pricing_model, excluded.price,
        excluded.currency_code, excluded.period, excluded.period_unit, excluded.trial_period,
        excluded.trial_period_unit, excluded.trial_end_action, excluded.status)`,
    });
}
