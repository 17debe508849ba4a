import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { brand } from '@/lib/brand';

export const metadata: Metadata = {
  title: { default: brand.name, template: `%s · ${brand.name}` },
  description: brand.description,
  // Addresses here can carry ids, tokens and emails: no other site is sent them in a Referer.
  referrer: 'same-origin',
  // The icons are app/icon.svg and app/apple-icon.png; public/ holds favicon.ico and the manifest's PNGs.
  manifest: '/manifest.webmanifest',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}
