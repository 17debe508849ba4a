import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { brand } from '@/lib/brand';
import type { BillingAddress, customers, invoices } from '@/lib/db/schema';

type InvoiceRow = typeof invoices.$inferSelect;
type CustomerRow = typeof customers.$inferSelect;

const pageSize: [number, number] = [595.28, 841.89];
const margin = 50;
const grey = rgb(0.4, 0.4, 0.4);
const statusLabels: Record<string, string> = {
  paid: 'Paid',
  payment_due: 'Payment due',
  not_paid: 'Not paid',
  posted: 'Posted',
  voided: 'Voided',
  pending: 'Pending',
};

/** The standard PDF fonts only encode Latin-1 (WinAnsi): anything else prints as "?". */
function printable(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

export function formatMoney(amount: number, currency: string): string {
  const sign = amount < 0 ? '-' : '';
  const value = (Math.abs(amount) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return currency === 'USD' ? `${sign}$${value}` : `${sign}${value} ${currency}`;
}

export function formatDate(seconds: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(seconds * 1000));
}

function addressLines(customer: CustomerRow, address: BillingAddress | null): string[] {
  const a = address ?? {};
  const name = [a.first_name ?? customer.firstName, a.last_name ?? customer.lastName]
    .filter(Boolean)
    .join(' ');
  const cityLine = [a.city, a.state ?? a.state_code, a.zip].filter(Boolean).join(', ');
  return [name, a.company ?? customer.company, a.line1, a.line2, a.line3, cityLine, a.country, customer.email]
    .filter((line): line is string => Boolean(line))
    .map(printable);
}

class Writer {
  page: PDFPage;
  y: number;
  constructor(
    private readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.page = doc.addPage(pageSize);
    this.y = pageSize[1] - margin;
  }

  ensureRoom(height: number) {
    if (this.y - height >= margin) return;
    this.page = this.doc.addPage(pageSize);
    this.y = pageSize[1] - margin;
  }

  text(
    value: string,
    x: number,
    options: { size?: number; bold?: boolean; right?: boolean; maxWidth?: number } = {},
  ) {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.font;
    let shown = printable(value);
    while (options.maxWidth && shown.length > 3 && font.widthOfTextAtSize(shown, size) > options.maxWidth) {
      shown = `${shown.slice(0, -4)}...`;
    }
    const width = font.widthOfTextAtSize(shown, size);
    this.page.drawText(shown, { x: options.right ? x - width : x, y: this.y, size, font });
  }

  line() {
    this.page.drawLine({
      start: { x: margin, y: this.y },
      end: { x: pageSize[0] - margin, y: this.y },
      thickness: 0.5,
      color: grey,
    });
  }
}

/** A one-document PDF of the invoice: number, dates, customer and address, line items, totals, status. */
export async function renderInvoicePdf(invoice: InvoiceRow, customer: CustomerRow): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Invoice ${invoice.id}`);
  doc.setAuthor(brand.name);
  doc.setCreationDate(new Date(invoice.date * 1000));
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );
  const right = pageSize[0] - margin;
  const money = (amount: number) => formatMoney(amount, invoice.currencyCode);

  w.text(brand.name, margin, { size: 18, bold: true });
  w.text(`Invoice #${invoice.id}`, right, { size: 18, bold: true, right: true });
  w.y -= 22;
  w.text(`Status: ${statusLabels[invoice.status] ?? invoice.status}`, right, { right: true, bold: true });
  w.y -= 14;
  w.text(`Invoice date: ${formatDate(invoice.date)}`, right, { right: true });
  if (invoice.dueDate !== null) {
    w.y -= 14;
    w.text(`Due date: ${formatDate(invoice.dueDate)}`, right, { right: true });
  }
  if (invoice.paidAt !== null) {
    w.y -= 14;
    w.text(`Paid on: ${formatDate(invoice.paidAt)}`, right, { right: true });
  }
  w.y -= 28;
  w.text('Bill to', margin, { bold: true });
  for (const line of addressLines(customer, invoice.billingAddress)) {
    w.y -= 14;
    w.text(line, margin, { maxWidth: 300 });
  }
  w.y -= 14;
  w.text(`Customer ID: ${customer.id}`, margin, { size: 8 });

  w.y -= 34;
  const columns = { period: 270, qty: 390, unit: 460, amount: right };
  w.text('Description', margin, { bold: true });
  w.text('Service period', columns.period, { bold: true });
  w.text('Qty', columns.qty, { bold: true, right: true });
  w.text('Unit price', columns.unit, { bold: true, right: true });
  w.text('Amount', columns.amount, { bold: true, right: true });
  w.y -= 6;
  w.line();
  for (const item of invoice.lineItems) {
    w.ensureRoom(20);
    w.y -= 16;
    w.text(item.description, margin, { maxWidth: 210 });
    w.text(`${formatDate(item.date_from)} - ${formatDate(item.date_to)}`, columns.period, { size: 8 });
    w.text(String(item.quantity), columns.qty, { right: true });
    w.text(money(item.unit_amount), columns.unit, { right: true });
    w.text(money(item.amount), columns.amount, { right: true });
  }
  w.y -= 8;
  w.line();

  const totals: [string, number, boolean?][] = [
    ['Subtotal', invoice.subTotal],
    ['Tax', invoice.tax],
    ['Total', invoice.total, true],
    ['Credits applied', -invoice.creditsApplied],
    ['Amount paid', -invoice.amountPaid],
    ['Amount due', invoice.amountDue, true],
  ];
  for (const [label, amount, strong] of totals) {
    w.ensureRoom(18);
    w.y -= 16;
    w.text(label, columns.unit, { right: true, bold: strong });
    w.text(money(amount), columns.amount, { right: true, bold: strong });
  }
  w.ensureRoom(40);
  w.y -= 36;
  w.text(`All amounts in ${invoice.currencyCode}. Thank you for supporting independent journalism.`, margin, {
    size: 8,
  });
  w.y -= 12;
  w.text(`Questions about this invoice? Write to ${brand.contactEmail}.`, margin, { size: 8 });
  return doc.save();
}
