import { z } from 'zod';
import type { BillingAddress } from '@/lib/db/schema';
import type { CardInput } from '@/lib/provider/gateway';
import { type CardField, cardFields, cardSchema, keptCardValues, toCardInput } from './card-form';
import {
  type BuyerDetails,
  type BuyerField,
  buyerFields,
  buyerSchema,
  toBuyerDetails,
} from './checkout-buyer';
import { errorsByField, readFields } from './form-state';
import { addressSchema } from './profile';

export const checkoutAddressFields = ['line1', 'line2', 'city', 'state', 'zip', 'country'] as const;
export type CheckoutAddressField = (typeof checkoutAddressFields)[number];
export type CheckoutField = CardField | CheckoutAddressField | BuyerField;

const checkoutAddressSchema = addressSchema.pick({
  line1: true,
  line2: true,
  city: true,
  state: true,
  zip: true,
  country: true,
});

/** What the checkout page shows again after a failed attempt (never the card number or the CVV). */
export type CheckoutFlash = {
  page: string;
  attempt: string;
  message?: string;
  values: Partial<Record<CheckoutField, string>>;
  errors: Partial<Record<CheckoutField, string>>;
};

export type CheckoutParse =
  | {
      ok: true;
      card: CardInput;
      billingAddress?: BillingAddress;
      buyer?: BuyerDetails;
      kept: CheckoutFlash['values'];
    }
  | { ok: false; kept: CheckoutFlash['values']; errors: CheckoutFlash['errors'] };

/**
 * The card, the billing address only when the customer filled any of it in (then it must be whole),
 * and, when the page is for someone who is not a customer yet (`askBuyer`), their email and name.
 */
export function parseCheckoutForm(form: FormData, options: { askBuyer: boolean }): CheckoutParse {
  const card = readFields(form, cardFields);
  const address = readFields(form, checkoutAddressFields);
  const buyer = options.askBuyer ? readFields(form, buyerFields) : undefined;
  const kept = { ...keptCardValues(card), ...address, ...buyer };
  const cardResult = cardSchema.safeParse(card);
  const wantsAddress = Object.values(address).some((value) => value.trim() !== '');
  const addressResult = wantsAddress ? checkoutAddressSchema.safeParse(address) : undefined;
  const buyerResult = buyer ? buyerSchema.safeParse(buyer) : undefined;
  const errors: CheckoutFlash['errors'] = {
    ...(buyerResult && !buyerResult.success ? errorsByField<BuyerField>(buyerResult.error) : {}),
    ...(cardResult.success ? {} : errorsByField<CardField>(cardResult.error)),
    ...(addressResult && !addressResult.success
      ? errorsByField<CheckoutAddressField>(addressResult.error)
      : {}),
  };
  if (
    !cardResult.success ||
    (addressResult && !addressResult.success) ||
    (buyerResult && !buyerResult.success)
  )
    return { ok: false, kept, errors };
  const billingAddress = addressResult?.success
    ? (Object.fromEntries(
        Object.entries(addressResult.data).filter(([, value]) => value !== ''),
      ) as BillingAddress)
    : undefined;
  return {
    ok: true,
    card: toCardInput(cardResult.data),
    billingAddress,
    buyer: buyerResult?.success ? toBuyerDetails(buyerResult.data) : undefined,
    kept,
  };
}

export const checkoutCookieName = 'gatehouse_checkout';

const flashSchema = z.object({
  page: z.string().max(100),
  attempt: z.string().max(40),
  message: z.string().max(500).optional(),
  values: z.record(z.string(), z.string().max(1000)),
  errors: z.record(z.string(), z.string().max(500)),
});

export function encodeFlash(flash: CheckoutFlash): string {
  return Buffer.from(JSON.stringify(flash)).toString('base64url');
}

/** The flash for this page and attempt, or nothing (another page's, an older attempt's, or garbage). */
export function decodeFlash(
  raw: string | undefined,
  page: string,
  attempt: unknown,
): CheckoutFlash | undefined {
  if (!raw || typeof attempt !== 'string' || raw.length > 4000) return undefined;
  try {
    const parsed = flashSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    if (!parsed.success || parsed.data.page !== page || parsed.data.attempt !== attempt) return undefined;
    return parsed.data as CheckoutFlash;
  } catch {
    return undefined;
  }
}
