/**
 * The site's identity in one place: every page title, the site's and the portal's header and footer,
 * the sign-in mails, invoice PDFs, the web manifest, the icon and the brand colours read it. Change it
 * here, then `npm run brand` (the build runs it too) rewrites app/brand.css, app/icon.svg and
 * public/manifest.webmanifest from it.
 *
 * It imports nothing and belongs to neither half: the site shows the brand, and the embedded provider
 * shows it on the hosted portal, checkout, mails and invoices, as Chargebee shows the brand a merchant
 * sets in its settings. Both may read a leaf module; neither reaches into the other through it.
 */
export const brand = {
  name: 'Gatehouse',
  tagline: 'essays on building software and businesses that last.',
  description: 'Essays on building software and businesses that last.',
  /** Where readers write to; shown in the site's footer, the portal's footer and on invoices. */
  contactEmail: 'hello@example.com',
  logo: {
    /** The letter on the tile beside the name in the site's header. */
    initial: 'G',
    /** The icon's drawing (white, on a 64×64 tile of the brand colour): app/icon.svg and the PNG icons. */
    iconPath: 'M16 50V20h6v5h6v-5h8v5h6v-5h6v30H38V39a6 6 0 0 0-12 0v11Z',
  },
  /** The Tailwind theme's brand colours (`bg-brand-600`, `text-brand-700`, …). */
  colors: {
    50: '#eef4ff',
    100: '#dbe6fe',
    600: '#3346d3',
    700: '#2a38ad',
    900: '#1c2360',
  },
};

export type Brand = typeof brand;
